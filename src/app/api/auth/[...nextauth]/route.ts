import NextAuth from "next-auth";
import { authOptions } from "~/server/auth/nextauth";

export const dynamic = "force-dynamic";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Options are built per request: the OIDC provider follows the configuration the server runs with.
const handler: Handler = (req, ctx) => (NextAuth(authOptions()) as Handler)(req, ctx);

export { handler as GET, handler as POST };
