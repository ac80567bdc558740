import { describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken, newShareKey, uniqueDeviceId } from "../support/api";
import { signedInOrganiser } from "../support/organiser";
import { batchesOf, openSse } from "../support/sse";

type Snapshot = {
  seq: number;
  event: { id: string; role: string };
  tracks: Array<{ id: string; trail: number[][]; last: number[] | null; stats: { points_count: number } }>;
};
type PointsMsg = {
  seq: number;
  track: { id: string; points_count: number; stats: Record<string, number | null> };
  points: number[][];
};
type TrackMsg = { seq: number; kind: string; track_id: string; track: { state: string } | null };

const liveUrl = (eventId: string, query = "") => `${inject("baseUrl")}/api/live/${eventId}/stream${query}`;

async function startTrack(token: string) {
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId() },
  });
  return res.body.id;
}

describe("live stream (Server-Sent Events)", () => {
  it("gives a spectator of a public event the snapshot, then new tracks, points and finishes as they happen", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const existing = await startTrack(token);
    await api("POST", `/tracks/${existing}/points`, { token, body: { points: linePoints(30) } });

    const sse = await openSse(liveUrl(eventId));
    expect(sse.status).toBe(200);
    const snapshot = (await sse.next("snapshot")).data as Snapshot;
    expect(snapshot.event).toMatchObject({ id: eventId, role: "spectator" });
    expect(snapshot.tracks).toHaveLength(1);
    expect(snapshot.tracks[0]?.last?.slice(0, 2)).toEqual([linePoints(30)[29]?.latitude, 6]);
    // A straight line simplifies to its two ends.
    expect(snapshot.tracks[0]?.trail).toHaveLength(2);

    const fresh = await startTrack(token);
    const created = (await sse.next("track")).data as TrackMsg;
    expect(created).toMatchObject({ kind: "created", track_id: fresh, seq: snapshot.seq + 1 });

    const batch = linePoints(5, { start: Date.parse("2026-03-12T09:00:00Z") });
    expect((await api("POST", `/tracks/${fresh}/points`, { token, body: { points: batch } })).status).toBe(
      204,
    );
    // A spectator's batch: its points and the totals the page shows, not the whole track (organisers' `points`).
    const delta = await sse.next("moves");
    const [move, ...more] = batchesOf([delta]);
    expect(more).toEqual([]);
    expect(move?.trackId).toBe(fresh);
    expect(move?.points.map((p) => p[2])).toEqual(batch.map((p) => Date.parse(p.timestamp)));
    // Its running distance is the track's (to 0.1 m).
    const stored = await api<{ stats: { distance_meters: number | null } }>("GET", `/tracks/${fresh}`, {
      token,
    });
    const metres = stored.body.stats.distance_meters;
    expect(move?.distance).toBe(metres === null ? null : Math.round(metres * 10) / 10);
    expect(delta.id).toBe(String(move?.seq));

    await api("POST", `/tracks/${fresh}/finish`, { token });
    const finished = (await sse.next("track")).data as TrackMsg;
    expect(finished).toMatchObject({ kind: "finished", track_id: fresh, track: { state: "stopped" } });
    sse.close();
  });

  it("catches up after a reconnect from Last-Event-ID without duplicating or losing points", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const id = await startTrack(token);
    const first = await openSse(liveUrl(eventId));
    const snapshot = (await first.next("snapshot")).data as Snapshot;
    await api("POST", `/tracks/${id}/points`, { token, body: { points: linePoints(3) } });
    await first.next("moves");
    const lastId = first.lastId ?? "";
    first.close();

    // While disconnected: three batches, one of them a retry (no change), and a state change.
    const later = linePoints(9, { start: Date.parse("2026-03-12T08:30:00Z") });
    await api("POST", `/tracks/${id}/points`, { token, body: { points: later.slice(0, 3) } });
    await api("POST", `/tracks/${id}/points`, { token, body: { points: later.slice(0, 3) } });
    await api("POST", `/tracks/${id}/points`, { token, body: { points: later.slice(3, 9) } });
    await api("PATCH", `/tracks/${id}`, { token, body: { state: "paused" } });

    const again = await openSse(liveUrl(eventId), { "Last-Event-ID": lastId });
    const messages = await again.drain(1500);
    // The two batches (seq + 2, seq + 3) as one entry of the track's (hub.ts catchUp, catch-up.ts) in one moves
    // frame (its id the newest seq), then the state change.
    expect(messages.map((m) => m.event)).toEqual(["moves", "track"]);
    const batches = batchesOf(messages);
    expect(batches.flatMap((b) => b.points.map((p) => p[2]))).toEqual(
      later.map((p) => Date.parse(p.timestamp)),
    );
    expect(batches.map((b) => b.seq)).toEqual([snapshot.seq + 3]);
    expect(messages.map((m) => Number(m.id))).toEqual([snapshot.seq + 3, snapshot.seq + 4]);
    again.close();
  });

  it("replays a long absence over many tracks (read together): what the connected viewer saw, one entry a track", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const tracks = await Promise.all([startTrack(token), startTrack(token), startTrack(token)]);
    const live = await openSse(liveUrl(eventId));
    const { seq } = (await live.next("snapshot")).data as Snapshot;
    const start = Date.parse("2026-03-12T11:00:00Z");
    for (let k = 0; k < 4; k++)
      for (const [i, t] of tracks.entries()) {
        const points = linePoints(2 + i, { start: start + k * 10_000, lon: 6 + i * 1e-3 });
        await api("POST", `/tracks/${t}/points`, { token, body: { points } });
      }
    await api("PATCH", `/tracks/${tracks[1]}`, { token, body: { state: "paused" } });
    // Batch by batch (live, they come in as many moves frames as flushes; caught up, in one).
    const shape = (messages: Awaited<ReturnType<typeof live.drain>>) =>
      messages.flatMap((m) => {
        if (m.event === "moves") return batchesOf([m]).map((b) => ["batch", b.seq, b.trackId, b.points]);
        const d = m.data as TrackMsg;
        return [[m.event, Number(m.id), d.track_id, d.kind]];
      });
    const liveMessages = await live.drain(1500);
    const seen = shape(liveMessages);
    expect(seen).toHaveLength(13);
    expect(seen.map((x) => x[1])).toEqual(Array.from({ length: 13 }, (_, i) => seq + 1 + i));
    const back = await openSse(liveUrl(eventId), { "Last-Event-ID": String(seq) });
    // Each track's four batches as one entry, in the order of their last batch, in one moves frame whose id
    // is the run's newest seq; then the pause.
    const caughtUp = await back.drain(1500);
    expect(caughtUp.map((m) => m.event)).toEqual(["moves", "track"]);
    expect(caughtUp[0]?.id).toBe(String(seq + 12));
    const pointsOf = (track: string) =>
      seen.filter((m) => m[0] === "batch" && m[2] === track).flatMap((m) => m[3] as number[][]);
    expect(shape(caughtUp)).toEqual([
      ["batch", seq + 10, tracks[0], pointsOf(tracks[0] ?? "")],
      ["batch", seq + 11, tracks[1], pointsOf(tracks[1] ?? "")],
      ["batch", seq + 12, tracks[2], pointsOf(tracks[2] ?? "")],
      seen[12],
    ]);
    live.close();
    back.close();
  });

  it("sends a named heartbeat so that pages can tell a quiet stream from a dead one", async () => {
    const { eventId } = await newEventToken({ isPublic: true });
    const sse = await openSse(liveUrl(eventId));
    await sse.next("snapshot");
    await sse.drain(2500);
    expect(sse.pings).toBeGreaterThanOrEqual(1);
    sse.close();
  });

  it("never sends a viewer anything of another event", async () => {
    const a = await newEventToken({ isPublic: true });
    const b = await newEventToken({ isPublic: true });
    const sse = await openSse(liveUrl(a.eventId));
    await sse.next("snapshot");
    const other = await startTrack(b.token);
    await api("POST", `/tracks/${other}/points`, { token: b.token, body: { points: linePoints(4) } });
    const mine = await startTrack(a.token);
    // Its own track's message, then whatever else might come in the next half second: nothing of event b.
    const messages = [await sse.next(undefined, 10_000), ...(await sse.drain(500))];
    expect(messages.map((m) => (m.data as TrackMsg).track_id)).toEqual([mine]);
    sse.close();
  });

  it("refuses a private event without a valid share link (404), and accepts one", async () => {
    const { eventId, eventName } = await newEventToken();
    const denied = await openSse(liveUrl(eventId));
    expect(denied.status).toBe(404);
    expect((await fetch(`${inject("baseUrl")}/api/live/${eventId}`)).status).toBe(404);
    const key = await newShareKey(eventName);
    const wrong = await openSse(liveUrl(eventId, "?share=not-the-key"));
    expect(wrong.status).toBe(404);
    const allowed = await openSse(liveUrl(eventId, `?share=${key}`));
    expect(allowed.status).toBe(200);
    expect(((await allowed.next("snapshot")).data as Snapshot).event.role).toBe("spectator");
    allowed.close();
    const expired = await newShareKey(eventName, 1);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await openSse(liveUrl(eventId, `?share=${expired}`))).status).toBe(404);
    expect((await openSse(liveUrl("00000000-0000-4000-8000-000000000000"))).status).toBe(404);
  });

  it("shows spectators positions `delay` late, without holes in the trails", async () => {
    // 5 s of delay: room for a busy machine between the post, the snapshot and the release.
    const { token, eventId } = await newEventToken({ isPublic: true, spectatorDelaySec: 5 });
    const id = await startTrack(token);
    const now = Date.now();
    const early = linePoints(1, { start: now - 500 });
    await api("POST", `/tracks/${id}/points`, { token, body: { points: early } });
    const opened = Date.now();
    const sse = await openSse(liveUrl(eventId));
    const snapshot = (await sse.next("snapshot", 4000)).data as Snapshot;
    // The point is only 0.5 s old: not in the snapshot yet, released when it is 5 s old.
    expect(snapshot.tracks[0]?.last).toBeNull();
    const pending = await sse.next("moves", 8000);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(4000);
    expect(batchesOf([pending]).flatMap((b) => b.points.map((p) => p[2]))).toEqual([
      Date.parse(early[0]?.timestamp ?? ""),
    ]);
    const fresh = linePoints(1, { start: Date.now() });
    const posted = Date.now();
    await api("POST", `/tracks/${id}/points`, { token, body: { points: fresh } });
    const delayed = await sse.next("moves", 9000);
    expect(Date.now() - posted).toBeGreaterThanOrEqual(4800);
    expect(batchesOf([delayed])[0]?.points[0]?.[2]).toBe(Date.parse(fresh[0]?.timestamp ?? ""));
    sse.close();
  });

  it("serves the snapshot as JSON for replay, with every track's trail", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const id = await startTrack(token);
    await api("POST", `/tracks/${id}/points`, { token, body: { points: linePoints(10) } });
    const res = await fetch(`${inject("baseUrl")}/api/live/${eventId}`);
    expect(res.status).toBe(200);
    const snapshot = (await res.json()) as Snapshot;
    expect(snapshot.tracks.map((t) => t.id)).toEqual([id]);
  });

  it("gives viewers who join or reconnect while batches keep coming every point exactly once", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const tracks = await Promise.all([startTrack(token), startTrack(token), startTrack(token)]);
    const start = Date.parse("2026-03-12T10:00:00Z");
    const post = async (trackId: string, k: number) => {
      const points = linePoints(3, { start: start + k * 3000 });
      expect((await api("POST", `/tracks/${trackId}/points`, { token, body: { points } })).status).toBe(204);
    };
    // 3 devices × 20 batches, posted concurrently, while viewers join and one drops and reconnects.
    const posting = (async () => {
      for (let k = 0; k < 20; k++) await Promise.all(tracks.map((t) => post(t, k)));
    })();
    const viewers = [];
    let reconnected: { before: Map<string, number[]>; stream: Awaited<ReturnType<typeof openSse>> } | null =
      null;
    for (let v = 0; v < 4; v++) {
      await new Promise((r) => setTimeout(r, 150));
      viewers.push(await openSse(liveUrl(eventId)));
    }
    // Viewer 0 drops mid-stream and comes back from its last id.
    const dropped = viewers[0];
    if (!dropped) throw new Error("no viewer");
    const droppedSnapshot = (await dropped.next("snapshot")).data as Snapshot;
    await new Promise((r) => setTimeout(r, 200));
    dropped.close();
    const beforeDrop = await dropped.drain(0);
    const before = new Map<string, number[]>();
    for (const b of batchesOf(beforeDrop)) {
      before.set(b.trackId, [...(before.get(b.trackId) ?? []), ...b.points.map((x) => x[2] as number)]);
    }
    reconnected = {
      before,
      stream: await openSse(liveUrl(eventId), { "Last-Event-ID": dropped.lastId ?? "" }),
    };
    await posting;

    const final = new Map<string, number>();
    for (const t of tracks) {
      final.set(
        t,
        (await api<{ stats: { points_count: number } }>("GET", `/tracks/${t}`, { token })).body.stats
          .points_count,
      );
    }
    expect([...final.values()]).toEqual([60, 60, 60]);

    const check = (
      snapshot: Snapshot,
      messages: Awaited<ReturnType<typeof dropped.drain>>,
      earlier = new Map<string, number[]>(),
    ) => {
      const seen = new Map<string, number[]>(earlier);
      let lastId = 0;
      for (const m of messages) {
        expect(Number(m.id)).toBeGreaterThanOrEqual(lastId);
        lastId = Number(m.id);
      }
      // A moves frame's id is its last batch's seq, and its batches follow each other.
      let lastSeq = 0;
      for (const b of batchesOf(messages)) {
        expect(b.seq).toBeGreaterThan(lastSeq);
        expect(b.seq).toBeLessThanOrEqual(b.frameId);
        lastSeq = b.seq;
        seen.set(b.trackId, [...(seen.get(b.trackId) ?? []), ...b.points.map((x) => x[2] as number)]);
      }
      for (const t of tracks) {
        const times = seen.get(t) ?? [];
        expect(new Set(times).size).toBe(times.length);
        const inSnapshot = snapshot.tracks.find((x) => x.id === t)?.stats.points_count ?? 0;
        expect(inSnapshot + times.length).toBe(final.get(t));
      }
    };
    // Everything posted has been announced once the last batch's seq has arrived (or 10 s have passed).
    const lastSeq = Number((await api<{ seq: number }>("GET", `/live/${eventId}`)).body.seq);
    const until = async (stream: typeof dropped) => {
      const messages: Awaited<ReturnType<typeof dropped.drain>> = [];
      for (let waited = 0; waited < 10_000; waited += 100) {
        messages.push(...(await stream.drain(100)));
        if (Number(messages[messages.length - 1]?.id) >= lastSeq) break;
      }
      return messages;
    };
    for (const viewer of viewers.slice(1)) {
      const snapshot = (await viewer.next("snapshot")).data as Snapshot;
      check(snapshot, await until(viewer));
      viewer.close();
    }
    check(droppedSnapshot, await until(reconnected.stream), reconnected.before);
    reconnected.stream.close();
  });

  it("lets the signed-in organiser watch a private event with the session cookie alone", async () => {
    const organiser = await signedInOrganiser();
    const session = organiser.cookie;
    const { eventId } = await organiser.createEvent({ isPublic: false });

    const mine = await openSse(liveUrl(eventId), { cookie: session });
    expect(mine.status).toBe(200);
    expect(((await mine.next("snapshot")).data as Snapshot).event.role).toBe("organiser");
    mine.close();
    expect((await openSse(liveUrl(eventId))).status).toBe(404);
    const forged = `next-auth.session-token=${session.split("=")[1]?.slice(0, -4)}abcd`;
    expect((await openSse(liveUrl(eventId), { cookie: forged })).status).toBe(404);
  });
  it("gives viewers who open together one snapshot, and a viewer given an older one every change since", async () => {
    const organiser = await signedInOrganiser();
    const { eventId, token } = await organiser.createEvent({ isPublic: true });
    const track = await startTrack(token);
    await api("POST", `/tracks/${track}/points`, { token, body: { points: linePoints(10) } });

    const first = await openSse(liveUrl(eventId));
    const shared = (await first.next("snapshot")).data as Snapshot;
    // Committed after that snapshot was read, before the next viewer opens (within the 2 s it is shared).
    const batch = linePoints(4, { start: Date.parse("2026-03-12T11:00:00Z") });
    expect((await api("POST", `/tracks/${track}/points`, { token, body: { points: batch } })).status).toBe(
      204,
    );
    const second = await openSse(liveUrl(eventId));
    const given = (await second.next("snapshot")).data as Snapshot;
    expect(given.seq).toBe(shared.seq);
    expect(given.tracks[0]?.stats.points_count).toBe(10);
    // The batch the shared snapshot lacks comes from the log, once; then the stream goes on live.
    const [caughtUp] = batchesOf([await second.next("moves")]);
    expect(caughtUp?.points.map((p) => p[2])).toEqual(batch.map((p) => Date.parse(p.timestamp)));
    const later = linePoints(2, { start: Date.parse("2026-03-12T11:10:00Z") });
    expect((await api("POST", `/tracks/${track}/points`, { token, body: { points: later } })).status).toBe(
      204,
    );
    const rest = batchesOf(await second.drain(800));
    expect(rest.map((b) => b.points.length)).toEqual([2]);
    // The organiser's snapshot is its own (its role), even within the spectators' 2 s.
    const mine = await openSse(liveUrl(eventId), { cookie: organiser.cookie });
    const own = (await mine.next("snapshot")).data as Snapshot;
    expect(own.event.role).toBe("organiser");
    expect(own.tracks[0]?.stats.points_count).toBe(16);
    // Organisers keep the full `points` message (the whole track with every running total); spectators, moves.
    const third = linePoints(3, { start: Date.parse("2026-03-12T11:20:00Z") });
    expect((await api("POST", `/tracks/${track}/points`, { token, body: { points: third } })).status).toBe(
      204,
    );
    const full = (await mine.next("points")).data as PointsMsg;
    expect(full.track).toMatchObject({ id: track, points_count: 19 });
    expect(full.points).toHaveLength(3);
    expect(batchesOf([await second.next("moves")]).map((b) => b.seq)).toEqual([full.seq]);
    for (const s of [first, second, mine]) s.close();
  });
});
