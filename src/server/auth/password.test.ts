import { scrypt } from "node:crypto";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/server/errors";
import { closeCpuPool } from "~/server/workers/cpu-tasks";
import { buildTestBundles } from "~/server/workers/test-bundles";
import { checkPassword, hashPassword, MAX_PASSWORD_BYTES, SCRYPT } from "./password";

// One hash at a time and two in line, for the whole file (the limiter is made on first use).
process.env.PASSWORD_HASH_CONCURRENCY = "1";
process.env.PASSWORD_HASH_QUEUE_MAX = "2";

beforeAll(async () => {
  await buildTestBundles();
});

afterAll(async () => {
  await closeCpuPool();
});

const STORED = /^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/;

describe("hashPassword / checkPassword", () => {
  it("stores scrypt with its parameters and a fresh salt, and checks it", async () => {
    const [one, two] = [await hashPassword("correct horse"), await hashPassword("correct horse")];
    expect(one).toMatch(STORED);
    expect(two).not.toBe(one);
    expect(await checkPassword("correct horse", one)).toEqual({ ok: true, rehash: null });
    expect(await checkPassword("correct horsf", one)).toEqual({ ok: false });
    expect(await checkPassword("", one)).toEqual({ ok: false });
  });

  it("reads every byte of the password, where bcrypt stops at 72", async () => {
    const prefix = "p".repeat(72);
    expect(bcrypt.compareSync(`${prefix}-typo`, bcrypt.hashSync(`${prefix}-real`, 4))).toBe(true);
    expect(await checkPassword(`${prefix}-typo`, await hashPassword(`${prefix}-real`))).toEqual({
      ok: false,
    });
  });

  it("answers no for an unknown account or an unreadable stored form", async () => {
    expect(await checkPassword("anything", null)).toEqual({ ok: false });
    expect(await checkPassword("anything", "scrypt$3$8$1$abc$def")).toEqual({ ok: false });
    expect(await checkPassword("anything", "md5$whatever")).toEqual({ ok: false });
  });

  it("checks a legacy bcrypt hash in a worker and gives the scrypt form to store instead", async () => {
    const legacy = bcrypt.hashSync("old password", 4);
    const check = await checkPassword("old password", legacy);
    if (!check.ok || !check.rehash) throw new Error("expected a rehash");
    expect(check.rehash).toMatch(STORED);
    expect(await checkPassword("old password", check.rehash)).toEqual({ ok: true, rehash: null });
    expect(await checkPassword("wrong password", legacy)).toEqual({ ok: false });
    // bcrypt checked 72 bytes of this one: storing what was typed could lock the real password out.
    const long = "q".repeat(80);
    expect(await checkPassword(long, bcrypt.hashSync(long, 4))).toEqual({ ok: true, rehash: null });
  });

  it("rehashes a scrypt hash made with other parameters", async () => {
    const salt = Buffer.alloc(16, 7);
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt("pw", salt, 32, { N: 2 ** 10, r: 8, p: 1 }, (e, k) => (e ? reject(e) : resolve(k))),
    );
    const weak = `scrypt$1024$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    const check = await checkPassword("pw", weak);
    expect(check.ok && check.rehash).toMatch(STORED);
    expect(SCRYPT.N).toBe(2 ** 15);
  });

  it("refuses past its queue with a 503 instead of queueing without bound", async () => {
    const attempts = Array.from({ length: 5 }, () => hashPassword("correct horse").catch((e: unknown) => e));
    const results = await Promise.all(attempts);
    const refused = results.filter((r) => r instanceof AppError);
    // One hashing, two waiting: the other two are refused at once.
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterSec: 1 });
    expect(results.filter((r) => typeof r === "string" && STORED.test(r))).toHaveLength(3);
  });

  it("refuses absurdly long passwords without hashing them", async () => {
    const huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
    await expect(hashPassword(huge)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await checkPassword(huge, await hashPassword("short"))).toEqual({ ok: false });
  });
});
