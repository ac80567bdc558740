import fs from "node:fs";
import path from "node:path";
import { dropSingleton } from "~/server/process-singleton";
import { buildWorkers, ROOT, workerEntries } from "../../../scripts/build-workers.mjs";

/**
 * Builds the worker bundles (and `extra` entries, by name → path from the project root) into a temporary
 * folder, the way `next build` does, and points workerBundle() there. Returns the folder.
 */
export async function buildTestBundles(extra: Record<string, string> = {}): Promise<string> {
  // Inside the project, as .build/workers is: the bundles import PGlite from its node_modules.
  fs.mkdirSync(path.join(ROOT, ".build"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, ".build", "test-workers-"));
  const entries = { ...workerEntries() };
  for (const [name, file] of Object.entries(extra)) entries[name] = path.join(ROOT, file);
  await buildWorkers({ outDir: dir, entries });
  process.env.RUNIFY_WORKERS_DIR = dir;
  // The configuration is read once per process: read it again with the new folder.
  dropSingleton("config");
  return dir;
}
