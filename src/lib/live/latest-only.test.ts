import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { latestOnly } from "./latest-only";

/** A load whose answers the test releases by hand, recording what was asked. */
function manualLoad() {
  const asked: number[] = [];
  const pending: Array<{ key: number; resolve: (v: string) => void; reject: (e: unknown) => void }> = [];
  const load = (key: number) =>
    new Promise<string>((resolve, reject) => {
      asked.push(key);
      pending.push({ key, resolve, reject });
    });
  const answer = async (value?: string) => {
    const p = pending.shift();
    if (!p) throw new Error("nothing in flight");
    p.resolve(value ?? `v${p.key}`);
    await vi.advanceTimersByTimeAsync(0);
  };
  const fail = async () => {
    pending.shift()?.reject(new Error("HTTP 500"));
    await vi.advanceTimersByTimeAsync(0);
  };
  return { asked, pending, load, answer, fail };
}

describe("latestOnly", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("loads the first key at once, then only the last key asked, once the interval has passed", async () => {
    const m = manualLoad();
    const seen: Array<[number, string]> = [];
    const f = latestOnly<number, string>({
      minIntervalMs: 750,
      load: m.load,
      onValue: (k, v) => seen.push([k, v]),
    });
    f.request(1);
    expect(m.asked).toEqual([1]);
    // A scrub: 20 keys in 200 ms while the first is in flight.
    for (let k = 2; k <= 21; k++) {
      f.request(k);
      await vi.advanceTimersByTimeAsync(10);
    }
    await m.answer();
    expect(seen).toEqual([[1, "v1"]]);
    expect(m.asked).toEqual([1]);
    await vi.advanceTimersByTimeAsync(549);
    expect(m.asked).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(m.asked).toEqual([1, 21]);
    await m.answer();
    expect(seen.at(-1)).toEqual([21, "v21"]);
  });

  it("never has two requests in flight, even past the interval", async () => {
    const m = manualLoad();
    const f = latestOnly<number, string>({ minIntervalMs: 100, load: m.load, onValue: () => undefined });
    f.request(1);
    await vi.advanceTimersByTimeAsync(5000);
    f.request(2);
    f.request(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(m.pending.map((p) => p.key)).toEqual([1]);
    await m.answer();
    expect(m.pending.map((p) => p.key)).toEqual([3]);
  });

  it("does not load the same key twice in a row, but asks again after a failure", async () => {
    const m = manualLoad();
    const errors: number[] = [];
    const f = latestOnly<number, string>({
      minIntervalMs: 100,
      load: m.load,
      onValue: () => undefined,
      onError: (k) => errors.push(k),
    });
    f.request(5);
    await m.answer();
    await vi.advanceTimersByTimeAsync(200);
    f.request(5);
    await vi.advanceTimersByTimeAsync(200);
    expect(m.asked).toEqual([5]);
    f.request(6);
    await m.fail();
    expect(errors).toEqual([6]);
    await vi.advanceTimersByTimeAsync(200);
    f.request(6);
    await vi.advanceTimersByTimeAsync(200);
    expect(m.asked).toEqual([5, 6, 6]);
  });

  it("reports nothing after close and aborts what is in flight", async () => {
    let signal: AbortSignal | undefined;
    const seen: string[] = [];
    const f = latestOnly<number, string>({
      minIntervalMs: 100,
      load: (_k, s) => {
        signal = s;
        return new Promise((resolve) => setTimeout(() => resolve("late"), 50));
      },
      onValue: (_k, v) => seen.push(v),
    });
    f.request(1);
    f.request(2);
    f.close();
    expect(signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([]);
  });
});
