/** Types of scripts/build-workers.mjs, for the tests that build worker bundles of their own. */
export const ROOT: string;
export const WORKERS_DIR: string;
export function workerEntries(): Record<string, string>;
export function buildWorkers(options?: {
  outDir?: string;
  entries?: Record<string, string>;
  watch?: boolean;
}): Promise<string>;
