import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string };
    signedInAt?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    /** When this session signed in (ms): refused once the account's sessions_valid_after passes it. */
    signedInAt?: number;
  }
}
