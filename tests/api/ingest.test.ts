import { describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken, revoke, uniqueDeviceId } from "../support/api";
import { batchesOf, openSse, type SpectatorBatch } from "../support/sse";

/**
 * The live ingest path (one unlocked read and one statement per batch, cached token lookups) keeps the
 * guarantees of a locked transaction: exact counts and totals under concurrency, retries harmless,
 * revocation at once.
 */
type Track = { id: string; points_count: number; updated_at: string; stats: Record<string, number | null> };

async function startTrack(token: string) {
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId() },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

const post = (token: string, id: string, points: unknown[]) =>
  api("POST", `/tracks/${id}/points`, { token, body: { points } });

describe("POST /tracks/:id/points under concurrency", () => {
  it("gives 20 concurrent batches on one track exact counts, and the totals of the same batches one by one", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const id = await startTrack(token);
    const sse = await openSse(`${inject("baseUrl")}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    const all = linePoints(100);
    const batches = Array.from({ length: 20 }, (_, i) => all.slice(i * 5, i * 5 + 5));
    const statuses = await Promise.all(batches.map(async (b) => (await post(token, id, b)).status));
    expect(statuses).toEqual(batches.map(() => 204));

    // The live messages give the commit order (seq); a batch is known by its first timestamp.
    const messages: SpectatorBatch[] = [];
    while (messages.length < 20) messages.push(...batchesOf([await sse.next("moves")]));
    sse.close();
    const order = messages
      .sort((a, b) => a.seq - b.seq)
      .map((m) => batches.findIndex((b) => Date.parse(b[0]?.timestamp ?? "") === m.points[0]?.[2]));
    expect([...order].sort((a, b) => a - b)).toEqual(batches.map((_, i) => i));

    const replay = await startTrack(token);
    for (const i of order) expect((await post(token, replay, batches[i] ?? [])).status).toBe(204);
    const [concurrent, sequential] = await Promise.all(
      [id, replay].map(async (t) => (await api<Track>("GET", `/tracks/${t}`, { token })).body),
    );
    expect(concurrent?.points_count).toBe(100);
    expect(concurrent?.stats).toEqual(sequential?.stats);
    expect(concurrent?.stats.distance_meters).toBeGreaterThan(0);
  });

  it("changes nothing for a retried batch: same track, no live message", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    const id = await startTrack(token);
    const batch = linePoints(5);
    expect((await post(token, id, batch)).status).toBe(204);
    const before = (await api<Track>("GET", `/tracks/${id}`, { token })).body;

    const sse = await openSse(`${inject("baseUrl")}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    expect((await post(token, id, batch)).status).toBe(204);
    expect((await post(token, id, [...batch].reverse())).status).toBe(204);
    expect((await sse.drain(800)).filter((m) => m.event === "moves" || m.event === "points")).toEqual([]);
    sse.close();
    expect((await api<Track>("GET", `/tracks/${id}`, { token })).body).toEqual(before);
  });
});

describe("token revocation", () => {
  it("refuses a revoked token on the very next batch, although its lookup was cached", async () => {
    const { token } = await newEventToken();
    const id = await startTrack(token);
    for (let n = 0; n < 3; n++)
      expect((await post(token, id, linePoints(1, { start: Date.now() + n * 1000 }))).status).toBe(204);
    await revoke(token);
    const res = await post(token, id, linePoints(1, { start: Date.now() + 5000 }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
