/** Runs once when the Next.js server starts (never during `next build`). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/startup");
  await startServer();
  // The REST API and live streams on node:http, for scripts/serve.mjs (plain `next start` ignores them).
  const { registerFastPaths } = await import("./server/http/fast-paths");
  registerFastPaths();
}
