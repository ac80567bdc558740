/** Runs once when the Next.js server starts (never during `next build`): see src/server/startup.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/startup");
  try {
    await startServer();
  } catch (error) {
    // A bad configuration or an unreachable database: stop here, with the reason, rather than serve errors.
    console.error("[runify] could not start:", error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
