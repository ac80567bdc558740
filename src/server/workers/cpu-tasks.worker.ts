/**
 * The worker bundle of CPU-heavy tasks (built to .build/workers/cpu-tasks.mjs): reading uploaded activity
 * files and comparing passwords with legacy bcrypt hashes, both of which would block the event loop.
 */
import bcrypt from "bcryptjs";
import { parseActivityFile } from "~/server/domain/formats/activity-file";
import { InflateBudget } from "~/server/domain/formats/archive";
import { FormatError, NoTrackPointsError } from "~/server/domain/formats/errors";
import { type PackedTrack, packTracks } from "~/server/domain/formats/packed-tracks";
import { Transfer } from "./protocol";
import { serveTasks } from "./serve";

/** A file's tracks, or why it cannot be read (an expected outcome, so a value rather than an error). */
export type ParseOutcome = { inflatedBytes: number } & (
  | { tracks: PackedTrack[] }
  | { error: { message: string; file?: string; noPoints: boolean } }
);

const cpuTasks = {
  /** parseActivityFile with the request's budget as earlier files left it (`inflatedBefore` bytes used). */
  parseActivityFile(args: { bytes: Uint8Array; filename: string; inflatedBefore: number }) {
    const budget = new InflateBudget(args.inflatedBefore);
    try {
      const packed = packTracks(parseActivityFile(args.bytes, args.filename, budget));
      const outcome: ParseOutcome = {
        inflatedBytes: budget.used - args.inflatedBefore,
        tracks: packed.tracks,
      };
      return new Transfer(outcome, packed.buffers);
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const noPoints = error instanceof NoTrackPointsError;
      const outcome: ParseOutcome = {
        inflatedBytes: budget.used - args.inflatedBefore,
        error: { message: error.message, file: error.file, noPoints },
      };
      return outcome;
    }
  },

  bcryptCompare(args: { password: string; hash: string }): boolean {
    return bcrypt.compareSync(args.password, args.hash);
  },
};

export type CpuTasks = typeof cpuTasks;

serveTasks(cpuTasks);
