import { config } from "~/server/config";
import type { InflateBudget } from "~/server/domain/formats/archive";
import { FormatError, NoTrackPointsError } from "~/server/domain/formats/errors";
import { unpackTracks } from "~/server/domain/formats/packed-tracks";
import type { ParsedTrack } from "~/server/domain/formats/types";
import type { CpuTasks, ParseOutcome } from "./cpu-tasks.worker";
import { workerBundle } from "./location";
import { WorkerCrashedError, WorkerPool } from "./pool";

let pool: WorkerPool<CpuTasks> | null = null;

function cpuPool(): WorkerPool<CpuTasks> {
  if (pool) return pool;
  const options = config().workers;
  pool = new WorkerPool<CpuTasks>({
    name: "cpu-tasks",
    file: () => workerBundle("cpu-tasks"),
    size: options.size,
    maxQueued: options.maxQueued,
    resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb },
    taskTimeoutMs: options.taskTimeoutMs,
    reloadOnChange: config().dev,
  });
  return pool;
}

/** Starts a worker before the first import or password check needs it (server start). */
export function prestartCpuWorker(): void {
  cpuPool().prestart();
}

/** Stops the workers (tests, shutdown); the next task starts new ones. */
export async function closeCpuPool(): Promise<void> {
  const closing = pool;
  pool = null;
  await closing?.close();
}

/**
 * parseActivityFile in a worker thread: the same result or FormatError, and the same `budget`, shared by
 * the files of one request (call this for them one after the other). A file that needs more memory or time
 * than a worker has is a FormatError too; a saturated pool is a 503 AppError.
 */
export async function parseActivityFileInWorker(
  bytes: Uint8Array,
  filename: string,
  budget: InflateBudget,
): Promise<ParsedTrack[]> {
  let outcome: ParseOutcome;
  try {
    // Copied, not transferred: the caller still holds `bytes` (it digests them).
    outcome = await cpuPool().run("parseActivityFile", { bytes, filename, inflatedBefore: budget.used });
  } catch (error) {
    if (!(error instanceof WorkerCrashedError)) throw error;
    if (error.reason === "memory") {
      const { maxMemoryMb } = config().workers;
      throw new FormatError(
        `${filename}: too large to read (it needs more than ${maxMemoryMb} MB of memory)`,
        filename,
      );
    }
    if (error.reason === "timeout") throw new FormatError(`${filename}: took too long to read`, filename);
    throw error;
  }
  budget.used += outcome.inflatedBytes;
  if ("tracks" in outcome) return unpackTracks(outcome.tracks);
  const { message, file, noPoints } = outcome.error;
  throw noPoints ? new NoTrackPointsError(message, file) : new FormatError(message, file);
}

/** bcryptjs.compare in a worker thread (≈ 250 ms of CPU at cost 12, which would block the event loop). */
export function bcryptCompareInWorker(password: string, hash: string): Promise<boolean> {
  return cpuPool().run("bcryptCompare", { password, hash });
}
