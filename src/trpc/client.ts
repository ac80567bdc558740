"use client";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "~/server/api/root";

/** The browser's tRPC client: same-origin, the next-auth cookie identifies the organiser. */
export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc" })],
});

export type ApiErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "BAD_REQUEST"
  | "FORBIDDEN"
  | "RATE_LIMIT"
  | "OTHER";

/** The error's code and the server's message, for forms to show. */
export function apiError(error: unknown): { code: ApiErrorCode; message: string } {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    // Our code (errorFormatter's appCode: RATE_LIMIT, not tRPC's TOO_MANY_REQUESTS), else tRPC's.
    const field = (key: string) =>
      data && typeof data === "object" && key in data ? (data as Record<string, unknown>)[key] : undefined;
    const appCode = field("appCode");
    const trpcCode = field("code");
    const code = typeof appCode === "string" ? appCode : typeof trpcCode === "string" ? trpcCode : "";
    const known: ApiErrorCode[] = [
      "NOT_FOUND",
      "CONFLICT",
      "UNAUTHORIZED",
      "BAD_REQUEST",
      "FORBIDDEN",
      "RATE_LIMIT",
    ];
    const found = known.find((k) => k === code);
    return { code: found ?? "OTHER", message: error.message };
  }
  return { code: "OTHER", message: error instanceof Error ? error.message : String(error) };
}
