import { config } from "~/server/config";
import { rateLimits } from "~/server/services/rate-limit";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { getDb } from "~/server/db";
import { AppError } from "~/server/errors";
import { recordSignIn } from "~/server/services/accounts";
import {
  findOrCreateOidcOrganiser,
  findOrganiserByEmail,
  verifyPassword,
} from "~/server/services/organisers";

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

/** The optional OpenID Connect provider: on when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
export type OidcConfig = NonNullable<ReturnType<typeof config>["auth"]["oidc"]>;
export const oidcConfig = (): OidcConfig | null => config().auth.oidc;

function oidcProvider(config: OidcConfig): OAuthConfig<OidcProfile> {
  return {
    id: config.id,
    name: config.name,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile: (profile) => ({
      id: profile.sub,
      email: profile.email ?? null,
      name: profile.name ?? profile.preferred_username ?? null,
    }),
  };
}

const credentials = CredentialsProvider({
  id: "credentials",
  name: "E-mail",
  credentials: {
    email: { label: "E-mail", type: "email" },
    password: { label: "Password", type: "password" },
  },
  async authorize(input) {
    if (!input?.email || !input.password) return null;
    const limit = await rateLimits().passwordForAccount(input.email.trim().toLowerCase());
    if (!limit.allowed) throw new Error(`TooManyAttempts:${limit.retryAfterSec}`);
    const user = await verifyPassword(await getDb(), input.email, input.password).catch((error: unknown) => {
      // Password hashing is saturated: the sign-in form's "too many attempts", not a failure.
      if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE")
        throw new Error(`TooManyAttempts:${error.retryAfterSec ?? 1}`);
      throw error;
    });
    // Told only to whoever knows the password: a suspended account cannot sign in (the form says why).
    if (user?.disabled) throw new Error("AccountDisabled");
    return user ? { id: user.id, email: user.email, name: user.name } : null;
  },
});

/**
 * Sessions are JWTs carrying the organiser's id (users.id). A credentials sign-in has it already; an OIDC
 * sign-in is linked by e-mail to the user row (created on first visit) in the signIn callback.
 */
export function authOptions(): NextAuthOptions {
  const oidc = oidcConfig();
  return {
    secret: config().auth.secret ?? undefined,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: oidc ? [credentials, oidcProvider(oidc)] : [credentials],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const oidcProfile = profile as OidcProfile | undefined;
        // An unverified e-mail must not open someone else's account.
        if (!user.email || oidcProfile?.email_verified === false) return "/signin?error=OidcEmail";
        const organiser = await findOrCreateOidcOrganiser(await getDb(), {
          email: user.email,
          name: user.name ?? null,
        });
        return organiser.disabled ? "/signin?error=AccountDisabled" : true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          if (account.provider === "credentials") {
            token.userId = user.id;
          } else if (user.email) {
            const organiser = await findOrganiserByEmail(await getDb(), user.email);
            if (organiser) token.userId = organiser.id;
          }
          if (user.email) token.email = user.email.toLowerCase();
          // A sign-in, not a refresh (next-auth re-signs the JWT with a new iat on every session read).
          token.signedInAt = Date.now();
          if (token.userId) await recordSignIn(await getDb(), token.userId);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.userId) {
          session.user.id = token.userId;
          session.user.email = token.email ?? session.user.email;
          session.signedInAt = token.signedInAt;
        }
        return session;
      },
    },
  };
}
