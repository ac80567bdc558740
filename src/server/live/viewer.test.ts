import { describe, expect, it } from "vitest";
import { liveTrack } from "~/lib/live/test-helpers";
import { type Frame, LiveViewer, type Sink, toFrame } from "./viewer";

/** A hub frame for change `seq` (a state change: the message's shape does not matter here). */
function hubFrame(seq: number): Frame {
  return toFrame({ type: "track", seq, kind: "updated", track: null, track_id: "t" });
}

/** A viewer writing into a string; ids in the order they left. */
function viewer() {
  let out = "";
  const sink: Sink = {
    write(chunk) {
      out += Buffer.from(chunk).toString();
      return true;
    },
    close() {},
  };
  const v = new LiveViewer({ eventId: "e", role: "spectator", delaySec: 0, until: null }, sink, 20, () => {});
  const ids = async () => {
    await new Promise((r) => setTimeout(r, 60)); // the viewer's own frames leave after LIVE_FLUSH_MS
    return [...out.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  };
  return { v, ids };
}

const flush = (frames: Frame[]) => Buffer.from(frames.map((f) => f.text).join(""));

describe("LiveViewer", () => {
  it("after a catch-up, skips the hub frames it already sent, in the same flush as new ones", async () => {
    const { v, ids } = viewer();
    // Reconnected from id 50: the log gave 51..56, sent one by one.
    v.floor = 50;
    for (let seq = 51; seq <= 56; seq++) {
      v.seen.add(seq);
      v.emit(hubFrame(seq));
    }
    v.goLive();
    // The hub flushes 55..58 together (it was a little behind the log).
    const frames = [55, 56, 57, 58].map(hubFrame);
    v.receive(frames, flush(frames));
    const later = [59].map(hubFrame);
    v.receive(later, flush(later));
    expect(await ids()).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59]);
  });

  it("skips what its snapshot holds, also from frames that came while it was starting", async () => {
    const { v, ids } = viewer();
    const early = [9, 10, 11].map(hubFrame);
    v.receive(early, flush(early)); // still starting: kept for later
    v.floor = 10; // the snapshot was at seq 10
    v.goLive();
    const next = [12, 13].map(hubFrame);
    v.receive(next, flush(next));
    expect(await ids()).toEqual([11, 12, 13]);
  });

  it("takes the shared buffer as it is once past its start", async () => {
    const { v, ids } = viewer();
    v.floor = 3;
    v.goLive();
    const frames = [4, 5].map(hubFrame);
    const shared = flush(frames);
    const sent: Uint8Array[] = [];
    const send = v.send.bind(v);
    v.send = (chunk) => {
      sent.push(chunk);
      send(chunk);
    };
    v.receive(frames, shared);
    expect(sent).toEqual([shared]);
    expect(await ids()).toEqual([4, 5]);
  });
  it("sends a shared snapshot's bytes as they are, in order with its own text around them", async () => {
    const chunks: Uint8Array[] = [];
    const sink: Sink = {
      write(chunk) {
        chunks.push(chunk);
        return true;
      },
      close() {},
    };
    const v = new LiveViewer(
      { eventId: "e", role: "spectator", delaySec: 0, until: null },
      sink,
      20,
      () => {},
    );
    const shared = Buffer.from("id: 7\nevent: snapshot\ndata: {}\n\n");
    v.write("retry: 2000\n\n");
    v.write(shared);
    v.emit(hubFrame(8));
    await new Promise((r) => setTimeout(r, 60));
    expect(chunks.map((c) => Buffer.from(c).toString())).toEqual([
      "retry: 2000\n\n",
      shared.toString(),
      hubFrame(8).text,
    ]);
    // The same buffer every viewer is given, not a copy per viewer.
    expect(chunks[1]).toBe(shared);
  });
});

describe("a delayed spectator", () => {
  it("never gets a batch before the message that created its track, and joins batches due together", async () => {
    let out = "";
    const sink: Sink = {
      write(chunk) {
        out += Buffer.from(chunk).toString();
        return true;
      },
      close() {},
    };
    const v = new LiveViewer(
      { eventId: "e", role: "spectator", delaySec: 1, until: null },
      sink,
      5,
      () => {},
    );
    v.floor = 1;
    v.goLive();
    const created = toFrame({ type: "track", seq: 2, kind: "created", track: null, track_id: "t" });
    // Fixes recorded before the track reached the server: due by their own time, at once (now − 10 s + 1 s).
    const old = [0, 1].map((i): [number, number, number, null] => [45, 6, Date.now() - 10_000 + i, null]);
    const track = { ...liveTrack("t"), last: old[1] ?? null };
    const batches = [3, 4].map((seq) => toFrame({ type: "points", seq, track, points: old }));
    v.receive([created, ...batches], null);
    await new Promise((r) => setTimeout(r, 1300));
    const events = [...out.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual(["track", "moves"]);
    expect(out).toMatch(/id: 4\nevent: moves\ndata: \{"moves":\[\[3,"t",/);
    v.close();
  });
});
