import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCoalescer } from "./coalescer";
import type { BusMessage } from "./index";

const change = (seq: number): BusMessage => ({
  type: "track",
  change: {
    eventId: "0b6f0e4e-8f6a-4d43-9d4a-3f1e5c7a9b21",
    trackId: "5a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
    kind: "points",
    seq,
    minTs: 1_700_000_000_000 + seq,
    maxTs: 1_700_000_004_000 + seq,
  },
});

describe("createCoalescer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends what was published within the delay as one payload, in order", () => {
    const sent: string[] = [];
    const out = createCoalescer("me", (p) => sent.push(p), { delayMs: 5, maxBytes: 7900 });
    out.push(change(1));
    out.push({ type: "tokens", tokens: { tokenIds: ["t1"] } });
    out.push(change(2));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0] ?? "")).toEqual({
      origin: "me",
      messages: [change(1), { type: "tokens", tokens: { tokenIds: ["t1"] } }, change(2)],
    });
    out.push(change(3));
    vi.advanceTimersByTime(5);
    expect(sent.map((p) => JSON.parse(p).messages.map((m: BusMessage) => m.type))).toEqual([
      ["track", "tokens", "track"],
      ["track"],
    ]);
  });

  it("starts a new payload before one would reach the size limit, keeping the order", () => {
    const sent: string[] = [];
    const out = createCoalescer("me", (p) => sent.push(p), { delayMs: 5, maxBytes: 7900 });
    for (let seq = 1; seq <= 200; seq++) out.push(change(seq));
    vi.advanceTimersByTime(5);
    expect(sent.length).toBeGreaterThan(1);
    for (const payload of sent) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(7900);
    const seqs = sent.flatMap((p) =>
      JSON.parse(p).messages.map((m: Extract<BusMessage, { type: "track" }>) => m.change.seq),
    );
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("sends nothing when nothing was published", () => {
    const sent: string[] = [];
    const out = createCoalescer("me", (p) => sent.push(p), { delayMs: 5, maxBytes: 7900 });
    out.flush();
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([]);
  });
});
