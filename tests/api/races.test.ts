import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api, uniqueDeviceId } from "../support/api";
import { type Organiser, signedInOrganiser } from "../support/organiser";
import { openSse } from "../support/sse";
import { applyLeaderboard, emptyBoard, type LeaderboardView } from "~/lib/live/leaderboard";
import type { TLeaderboardResponse } from "~/server/api/schemas/race";
import { ZLeaderboardMessage } from "~/server/live/wire";

/**
 * Race day over real HTTP: races and their course, checkpoints edited during the race (passings recomputed),
 * the leaderboard, passings, results and their CSV, the live `leaderboard` message, and refusals.
 */

const START = Date.parse("2026-03-12T08:00:00Z");
const DEG_PER_M = 1 / 111_195;
/** A 3 km course heading north from (45, 6), a point every 50 m. */
const COURSE_M = 3000;

function courseGpx(lengthM = COURSE_M): string {
  const pts = Array.from({ length: lengthM / 50 + 1 }, (_, i) => {
    const lat = 45 + i * 50 * DEG_PER_M;
    return `<trkpt lat="${lat.toFixed(7)}" lon="6"><ele>500</ele></trkpt>`;
  }).join("");
  return `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Course</name><trkseg>${pts}</trkseg></trk></gpx>`;
}

/** A runner on the course at `speed` m/s from `from` metres, a fix every 5 s. */
function runPoints(n: number, opts: { speed?: number; from?: number; startMs?: number } = {}) {
  const speed = opts.speed ?? 3;
  const t0 = opts.startMs ?? START + 10_000;
  return Array.from({ length: n }, (_, i) => ({
    latitude: 45 + ((opts.from ?? 0) + i * 5 * speed) * DEG_PER_M,
    longitude: 6,
    timestamp: new Date(t0 + i * 5000).toISOString(),
    accuracy: 4,
  }));
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

interface Race {
  id: string;
  checkpoints: Array<{
    id: string;
    name: string;
    kind: string;
    distance_m: number;
    source_id: string | null;
  }>;
  course: { distance_m: number } | null;
}
interface Board {
  seq: number;
  rows: Array<{
    participant_id: string;
    rank: number | null;
    status: string;
    distance_m: number;
    last_checkpoint: { id: string; at: string } | null;
    predicted_finish: string | null;
  }>;
}
interface Passings {
  passings: Array<{ participant_id: string; checkpoint_id: string; status: string; at: string | null }>;
}

async function setUp(org: Organiser, opts: { runners?: number; isPublic?: boolean } = {}) {
  const { eventId, token } = await org.createEvent({ isPublic: opts.isPublic });
  const race = await org.trpc<Race>("race.create", {
    event_id: eventId,
    name: "3K",
    start_at: new Date(START).toISOString(),
    split_every_m: 1000,
  });
  const uploaded = await api<Race>("PUT", `/events/${eventId}/races/${race.id}/course`, {
    token,
    body: { files: [{ name: "course.gpx", data_base64: b64(courseGpx()) }] },
  });
  expect(uploaded.status).toBe(200);
  const runners: Array<{ participantId: string; trackId: string; userId: string }> = [];
  for (let i = 0; i < (opts.runners ?? 1); i++) {
    const userId = `runner-${randomUUID()}`;
    const p = await org.trpc<{ id: string }>("participant.create", {
      event_id: eventId,
      name: `Runner ${i + 1}`,
      bib: String(i + 1),
      user_id: userId,
    });
    await org.trpc("race.enter", { race_id: race.id, participant_id: p.id });
    const track = await api<{ id: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: uniqueDeviceId(), user_id: userId },
    });
    runners.push({ participantId: p.id, trackId: track.body.id, userId });
  }
  return { eventId, token, race: uploaded.body, runners };
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("races (issue 13)", () => {
  it("lists races with their course and checkpoints, ranks runners, records passings and gives results", async () => {
    const org = await signedInOrganiser();
    const { eventId, token, race, runners } = await setUp(org, { runners: 2 });
    expect(race.course?.distance_m).toBeGreaterThan(2990);
    expect(race.checkpoints.map((c) => c.id)).toEqual(["start", "split-1000", "split-2000", "finish"]);

    const listed = await api<{ races: Race[] }>("GET", `/events/${eventId}/races`, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.races.map((r) => r.id)).toEqual([race.id]);

    const [a, b] = runners;
    if (!a || !b) throw new Error("two runners");
    // A runs 3 m/s, B 2.5 m/s: after 100 fixes (495 s) A is at ~1485 m, B at ~1237 m.
    for (const [r, speed] of [
      [a, 3],
      [b, 2.5],
    ] as const) {
      const res = await api("POST", `/tracks/${r.trackId}/points`, {
        token,
        body: { points: runPoints(100, { speed }) },
      });
      expect(res.status).toBe(204);
    }
    const board = await until(
      async () =>
        (await api<Board>("GET", `/events/${eventId}/races/${race.id}/leaderboard`, { token })).body,
      (v) => v.rows.every((r) => r.distance_m > 1000),
      "both runners past km 1",
    );
    expect(board.rows.map((r) => [r.participant_id, r.rank, r.status])).toEqual([
      [a.participantId, 1, "running"],
      [b.participantId, 2, "running"],
    ]);
    expect(board.rows[0]?.distance_m).toBeGreaterThan(1400);
    expect(board.rows[0]?.last_checkpoint?.id).toBe("split-1000");
    expect(board.rows[0]?.predicted_finish).not.toBeNull();

    const passings = await api<Passings>("GET", `/events/${eventId}/races/${race.id}/passings`, { token });
    expect(passings.status).toBe(200);
    const km1 = passings.body.passings.find(
      (p) => p.participant_id === a.participantId && p.checkpoint_id === "split-1000",
    );
    // 1000 m at 3 m/s from the first fix 10 s after the gun: 343.3 s after START.
    expect(km1?.status).toBe("measured");
    expect(Math.abs(Date.parse(km1?.at ?? "") - (START + 10_000 + (1000 / 3) * 1000))).toBeLessThanOrEqual(
      1000,
    );

    const results = await api<{ provisional: boolean; rows: Array<{ rank: number; splits: unknown[] }> }>(
      "GET",
      `/events/${eventId}/races/${race.id}/results`,
      { token },
    );
    expect(results.status).toBe(200);
    expect(results.body.provisional).toBe(true);
    expect(results.body.rows.map((r) => r.rank)).toEqual([1, 2]);
    const csv = await fetch(`${inject("baseUrl")}/api/events/${eventId}/races/${race.id}/results.csv`, {
      headers: { "X-API-Key": token },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toContain("Rank,Bib,Name,Status");
    expect(lines[1]).toMatch(/^1,1,Runner 1,Running,/);
  });

  it("recomputes passings when a checkpoint is added, moved and deleted during the race", async () => {
    const org = await signedInOrganiser();
    const { eventId, token, race, runners } = await setUp(org);
    const runner = runners[0];
    if (!runner) throw new Error("a runner");
    await api("POST", `/tracks/${runner.trackId}/points`, { token, body: { points: runPoints(180) } });
    const passingsOf = async () =>
      (await api<Passings>("GET", `/events/${eventId}/races/${race.id}/passings`, { token })).body.passings;
    await until(passingsOf, (p) => p.some((x) => x.checkpoint_id === "split-2000"), "km 2 passed");

    const added = await org.trpc<Race>("race.addCheckpoint", {
      race_id: race.id,
      checkpoint: { name: "Water", distance_m: 1500 },
    });
    const water = added.checkpoints.find((c) => c.name === "Water");
    if (!water) throw new Error("the new checkpoint");
    const expected = (d: number) => START + 10_000 + (d / 3) * 1000;
    let p = (await passingsOf()).find((x) => x.checkpoint_id === water.id);
    expect(Math.abs(Date.parse(p?.at ?? "") - expected(1500))).toBeLessThanOrEqual(1000);

    await org.trpc("race.updateCheckpoint", {
      id: water.id,
      checkpoint: { name: "Water", distance_m: 2400 },
    });
    p = (await passingsOf()).find((x) => x.checkpoint_id === water.id);
    expect(Math.abs(Date.parse(p?.at ?? "") - expected(2400))).toBeLessThanOrEqual(1000);

    // Moved past the runner: no passing at all, and their last checkpoint is km 2 again.
    await org.trpc("race.updateCheckpoint", {
      id: water.id,
      checkpoint: { name: "Water", distance_m: 2900 },
    });
    expect((await passingsOf()).some((x) => x.checkpoint_id === water.id)).toBe(false);

    await org.trpc("race.deleteCheckpoint", { id: water.id });
    const after = await api<Race>("GET", `/events/${eventId}/races`, { token });
    expect(
      (after.body as unknown as { races: Race[] }).races[0]?.checkpoints.some((c) => c.id === water.id),
    ).toBe(false);
  });

  it("sends leaderboard changes on the live stream as points arrive", async () => {
    const org = await signedInOrganiser();
    const { eventId, token, race, runners } = await setUp(org, { isPublic: true, runners: 2 });
    const [a, b] = runners;
    if (!a || !b) throw new Error("two runners");
    const sse = await openSse(`${inject("baseUrl")}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    // The rows first, then the stream's messages: what the page does.
    const page = await fetch(`${inject("baseUrl")}/api/live/${eventId}/races/${race.id}/leaderboard`);
    const first = (await page.json()) as TLeaderboardResponse;
    await api("POST", `/tracks/${a.trackId}/points`, {
      token,
      body: { points: runPoints(40, { speed: 3 }) },
    });
    await api("POST", `/tracks/${b.trackId}/points`, {
      token,
      body: { points: runPoints(40, { speed: 4 }) },
    });
    // Merged as the browser merges them: a patch carries no rank, the browser derives every rank.
    let board: LeaderboardView = emptyBoard(race.id, first.seq, first.rows);
    const end = Date.now() + 8000;
    while (board.rows[b.participantId]?.rank !== 1 && Date.now() < end) {
      // The wire schema the browser shares: a message that does not parse fails here.
      const m = ZLeaderboardMessage.parse((await sse.next("leaderboard")).data);
      expect(m.race_id).toBe(race.id);
      for (const p of m.patches ?? []) expect(p.rank).toBeUndefined();
      board = applyLeaderboard(board, m);
    }
    expect(board.rows[b.participantId]?.rank).toBe(1);
    expect(board.rows[a.participantId]?.rank).toBe(2);
    sse.close();

    const viewer = await fetch(`${inject("baseUrl")}/api/live/${eventId}/races/${race.id}/leaderboard`);
    expect(viewer.status).toBe(200);
    expect(((await viewer.json()) as Board).rows[0]?.participant_id).toBe(b.participantId);
  });

  it("refuses what is no course or no checkpoint with a clear 400, and hides other events' races", async () => {
    const org = await signedInOrganiser();
    const { eventId, token, race } = await setUp(org, { runners: 0 });
    const bad = await api<{ code: string; message: string }>(
      "PUT",
      `/events/${eventId}/races/${race.id}/course`,
      {
        token,
        body: { files: [{ name: "x.gpx", data_base64: b64("<gpx><trk><trkseg></trkseg></trk></gpx>") }] },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("BAD_REQUEST");

    for (const checkpoint of [
      { name: "Far", distance_m: 99_000 },
      { name: "Off", position: { lat: 46, lon: 7 } },
      { name: "Both", distance_m: 100, position: { lat: 45, lon: 6 } },
    ]) {
      const res = await fetch(`${inject("baseUrl")}/api/trpc/race.addCheckpoint`, {
        method: "POST",
        headers: { "Content-Type": "application/json", cookie: org.cookie },
        body: JSON.stringify({ race_id: race.id, checkpoint }),
      });
      expect(res.status).toBe(400);
    }
    const other = await signedInOrganiser();
    const { token: otherToken } = await other.createEvent();
    const hidden = await api("GET", `/events/${eventId}/races/${race.id}/results`, { token: otherToken });
    expect(hidden.status).toBe(404);
    const notUuid = await api<{ code: string }>("GET", `/events/${eventId}/races/nope/leaderboard`, {
      token,
    });
    expect(notUuid.status).toBe(400);
    const privateBoard = await fetch(`${inject("baseUrl")}/api/live/${eventId}/races/${race.id}/leaderboard`);
    expect(privateBoard.status).toBe(404);
  });

  it("gives the course with distance markers spaced by its length, and the checkpoints on it", async () => {
    const org = await signedInOrganiser();
    const { eventId, token, race } = await setUp(org, { runners: 0 });
    const course = await api<{
      distance_m: number;
      line: Array<[number, number]>;
      markers: Array<{ distance_m: number; label: string }>;
      checkpoints: Array<{ id: string; lat: number }>;
    }>("GET", `/events/${eventId}/races/${race.id}/course`, { token });
    expect(course.status).toBe(200);
    expect(course.body.line.length).toBeGreaterThan(1);
    // Every km on a 3 km course, none on the finish line (which has its own marker).
    expect(course.body.markers.map((m) => m.label)).toEqual(["1 km", "2 km"]);
    expect(course.body.checkpoints.map((c) => c.id)).toEqual(["start", "split-1000", "split-2000", "finish"]);
  });

  it("documents the races, their results, passings and results.csv in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${inject("baseUrl")}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
    };
    const base = "/events/{id}/races";
    for (const path of [
      base,
      `${base}/{race_id}/results`,
      `${base}/{race_id}/passings`,
      `${base}/{race_id}/leaderboard`,
    ])
      expect(doc.paths[path]?.get?.responses["200"]?.content?.["application/json"], path).toBeDefined();
    const csv = doc.paths[`${base}/{race_id}/results.csv`]?.get;
    expect(Object.keys(csv?.responses["200"]?.content ?? {})).toEqual(["text/csv"]);
    expect(Object.keys(csv?.responses ?? {})).toContain("404");
  });

  it("gives spectators the ranking at a past moment (?at=, the replay's), within their delay", async () => {
    const org = await signedInOrganiser();
    const { eventId, token, race, runners } = await setUp(org, { isPublic: true, runners: 2 });
    const [a, b] = runners;
    if (!a || !b) throw new Error("two runners");
    // A runs 4 m/s then 2 m/s, B 3 m/s then 5 m/s (40 fixes each): A leads at first, B from ~100 s into
    // the second half on.
    const half = START + 10_000 + 200_000;
    const posts = [
      [a, [...runPoints(40, { speed: 4 }), ...runPoints(40, { speed: 2, from: 800, startMs: half })]],
      [b, [...runPoints(40, { speed: 3 }), ...runPoints(40, { speed: 5, from: 600, startMs: half })]],
    ] as const;
    for (const [r, points] of posts) {
      const res = await api("POST", `/tracks/${r.trackId}/points`, { token, body: { points } });
      expect(res.status).toBe(204);
    }
    const boardUrl = `${inject("baseUrl")}/api/live/${eventId}/races/${race.id}/leaderboard`;
    const at = async (ms: number) => {
      const res = await fetch(`${boardUrl}?at=${new Date(ms).toISOString()}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Board & { at: string };
    };
    const leader = (board: Board) => board.rows.find((r) => r.rank === 1)?.participant_id;
    const late = await until(
      () => at(half + 390_000),
      (v) => leader(v) === b.participantId,
      "B leading at the end",
    );
    expect(late.at).toBe(new Date(half + 390_000).toISOString());
    const early = await at(START + 10_000 + 150_000);
    expect(leader(early)).toBe(a.participantId);
    expect(early.rows.find((r) => r.participant_id === a.participantId)?.distance_m).toBeGreaterThan(550);
    // Before the first fix: nobody has run yet.
    const before = await at(START - 60_000);
    expect(before.rows.every((r) => r.distance_m === 0 && r.status !== "running")).toBe(true);

    for (const bad of ["yesterday", "2026-13-40T00:00:00Z", "99999-01-01T00:00:00Z"]) {
      const res = await fetch(`${boardUrl}?at=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("BAD_REQUEST");
    }

    // A spectator shown the race 10 min late cannot ask for a later moment: it is answered as of then.
    await org.trpc("live.setSpectatorDelay", { event_id: eventId, spectator_delay_sec: 600 });
    const future = await at(Date.now() + 3_600_000);
    expect(Date.parse(future.at)).toBeLessThanOrEqual(Date.now() - 590_000);
    expect(leader(await at(START + 160_000))).toBe(a.participantId);
  });
});
