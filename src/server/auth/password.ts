import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { config } from "~/server/config";
import { AppError } from "~/server/errors";
import { bcryptCompareInWorker } from "~/server/workers/cpu-tasks";
import { BoundedSemaphore } from "~/server/workers/semaphore";

/**
 * Organiser passwords, hashed with scrypt from node:crypto: it runs in libuv's thread pool, so the event
 * loop stays free (bcryptjs cost 12 took 255 ms of it per attempt), and it reads the whole password (bcrypt
 * ignores what follows the 72nd byte). Parameters: OWASP's N=2^15, r=8, p=3, i.e. 128·N·r = 32 MiB of
 * memory a hash (the p lanes run one after the other) and about the CPU time bcrypt cost 12 took (measured
 * side by side here: 0.8–1.4 s against 0.77 s on a machine at load 8). A stored hash says which
 * parameters made it: `scrypt$N$r$p$<salt>$<hash>` (base64url), so they can change without a migration.
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 3, saltBytes: 16, keyBytes: 32 } as const;
/** Longer input is refused without hashing: no one types it, and it would only cost time. */
export const MAX_PASSWORD_BYTES = 1024;
/** bcrypt reads this much of a password; a longer one cannot be rehashed from what it checked. */
const BCRYPT_MAX_BYTES = 72;

let hashing: BoundedSemaphore | null = null;

/** At most `concurrency` hashes at once (each holds a libuv thread and 32 MiB); past the queue, a 503. */
function hashSlots(): BoundedSemaphore {
  const { concurrency, maxQueued } = config().passwordHashing;
  hashing ??= new BoundedSemaphore(
    concurrency,
    maxQueued,
    () =>
      new AppError("SERVICE_UNAVAILABLE", "Too many sign-ins at once: retry in a moment", {
        retryAfterSec: 1,
      }),
  );
  return hashing;
}

interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, bytes: number) {
  return new Promise<Buffer>((resolve, reject) => {
    // maxmem must exceed 128·N·r; Node's default (32 MiB) is exactly ours.
    scrypt(password, salt, bytes, { ...params, maxmem: 256 * params.N * params.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

async function newHash(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const hash = await derive(password, salt, SCRYPT, SCRYPT.keyBytes);
  return [
    "scrypt",
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString("base64url"),
    hash.toString("base64url"),
  ].join("$");
}

function parseScrypt(stored: string): ScryptHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || rest.length > 0 || salt === undefined || hash === undefined) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Bounds keep a damaged row from costing more than a few hashes.
  const sane =
    Number.isInteger(Math.log2(params.N)) &&
    params.N >= 2 &&
    params.N <= 2 ** 20 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16;
  if (!sane) return null;
  const parsed = { ...params, salt: Buffer.from(salt, "base64url"), hash: Buffer.from(hash, "base64url") };
  return parsed.hash.length >= 16 ? parsed : null;
}

/** The stored form of a new password (see SCRYPT). */
export function hashPassword(password: string): Promise<string> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    return Promise.reject(
      new AppError("BAD_REQUEST", `Passwords are at most ${MAX_PASSWORD_BYTES} bytes long`),
    );
  }
  return hashSlots().run(() => newHash(password));
}

/** On success, `rehash` is the stored form to save instead, when the stored one is outdated (or null). */
export type PasswordCheck = { ok: false } | { ok: true; rehash: string | null };

let dummy: Promise<string> | null = null;

/**
 * Checks a password against its stored form: scrypt, or a bcrypt hash of an account made before scrypt
 * (compared in a worker thread, and to be replaced by `rehash`). Without a stored form (unknown account)
 * the work is the same and the answer no, so that timing does not tell which accounts exist.
 */
export function checkPassword(password: string, stored: string | null | undefined): Promise<PasswordCheck> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return Promise.resolve({ ok: false });
  return hashSlots().run(async () => {
    if (stored?.startsWith("$2")) return checkBcrypt(password, stored);
    dummy ??= newHash("runify-timing-equaliser");
    const target = stored ? parseScrypt(stored) : null;
    const against = target ?? parseScrypt(await dummy);
    if (!against) return { ok: false };
    const derived = await derive(password, against.salt, against, against.hash.length);
    if (!target || !timingSafeEqual(derived, target.hash)) return { ok: false };
    const current = target.N === SCRYPT.N && target.r === SCRYPT.r && target.p === SCRYPT.p;
    return { ok: true, rehash: current ? null : await newHash(password) };
  });
}

async function checkBcrypt(password: string, stored: string): Promise<PasswordCheck> {
  if (!(await bcryptCompareInWorker(password, stored))) return { ok: false };
  // Past 72 bytes, bcrypt matched a prefix only: hashing what was typed could lock out the real password.
  const rehash = Buffer.byteLength(password) > BCRYPT_MAX_BYTES ? null : await newHash(password);
  return { ok: true, rehash };
}
