"use client";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "~/server/api/root";

/** The browser's tRPC client: same-origin, the next-auth cookie identifies the organiser. */
export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc" })],
});

export type ApiErrorCode = "NOT_FOUND" | "CONFLICT" | "UNAUTHORIZED" | "BAD_REQUEST" | "OTHER";

/** The error's code and the server's message, for forms to show. */
export function apiError(error: unknown): { code: ApiErrorCode; message: string } {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const code =
      data && typeof data === "object" && "code" in data && typeof data.code === "string" ? data.code : "";
    const known: ApiErrorCode[] = ["NOT_FOUND", "CONFLICT", "UNAUTHORIZED", "BAD_REQUEST"];
    const found = known.find((k) => k === code);
    return { code: found ?? "OTHER", message: error.message };
  }
  return { code: "OTHER", message: error instanceof Error ? error.message : String(error) };
}
