import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api, linePoints, uniqueDeviceId } from "../support/api";
import { signedInOrganiser } from "../support/organiser";
import { openSse } from "../support/sse";

// Recorded on 2017-03-19, 16:49–17:22 UTC: years before the event's live track.
const FILE = "runs-gpx-1681613317.gpx";
const file = () => ({
  name: FILE,
  data_base64: fs.readFileSync(path.resolve("../shared/fixtures/real", FILE)).toString("base64"),
});
type Snapshot = { tracks: Array<{ id: string; trail: number[][] }> };
const base = () => inject("baseUrl");

function replayRange(snapshot: Snapshot) {
  const ts = snapshot.tracks.flatMap((t) => t.trail.map((p) => p[2] as number));
  return { start: Math.min(...ts), end: Math.max(...ts) };
}

/** A public event and one participant, known by the user_id their imports carry. */
async function eventWithParticipant(name: string) {
  const org = await signedInOrganiser();
  const { eventId, token } = await org.createEvent({ isPublic: true });
  const userId = `runner-${randomUUID()}`;
  const participant = await org.trpc<{ id: string }>("participant.create", {
    event_id: eventId,
    name,
    user_id: userId,
  });
  return { org, eventId, token, userId, participant };
}

/** Imports the 2017 recording as the participant's: its track id. */
async function importPast(token: string, userId: string): Promise<string> {
  const imported = await api<{ tracks: Array<{ id: string }> }>("POST", "/imports", {
    token,
    body: { files: [file()], user_id: userId },
  });
  expect(imported.status).toBe(201);
  const trackId = imported.body.tracks[0]?.id;
  if (!trackId) throw new Error("no imported track");
  return trackId;
}

/** A race of the event from `start` to `end` (ISO). */
const raceFields = (start: string, end: string) => ({ name: "2017 memories", start_at: start, end_at: end });
const COVERING = raceFields("2017-03-19T16:40:00Z", "2017-03-19T18:00:00Z");
const A_YEAR_LATER = raceFields("2018-03-19T16:40:00Z", "2018-03-19T18:00:00Z");

/**
 * An open live stream of the event, past its snapshot, with checks of its next message about the imported
 * track: within 3 s, so a message the next snapshot would bring does not count.
 */
async function watchImport(eventId: string, trackId: string) {
  const sse = await openSse(`${base()}/api/live/${eventId}/stream`);
  await sse.next("snapshot");
  type TrackMessage = { kind: string; track_id: string; trail?: number[][] };
  const nextAbout = async () => {
    for (;;) {
      const m = (await sse.next("track", 3000)).data as TrackMessage;
      if (m.track_id === trackId) return m;
    }
  };
  const shown = async () => {
    const m = await nextAbout();
    expect(m.kind).toBe("finished");
    // Its whole trail, as an import's announcement carries it: the 2017 recording.
    expect(new Date(m.trail?.[0]?.[2] ?? 0).getUTCFullYear()).toBe(2017);
  };
  const hidden = async () => expect((await nextAbout()).kind).toBe("deleted");
  return { sse, shown, hidden };
}

describe("imported files in live views", () => {
  it("keeps a past activity out of the snapshot, the messages and the replay until it belongs to a race", async () => {
    const { org, eventId, token, userId, participant } = await eventWithParticipant("Past Runner");
    const live = await api<{ id: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: uniqueDeviceId() },
    });
    const livePoints = linePoints(10, { start: Date.parse("2026-12-01T08:00:00Z") });
    await api("POST", `/tracks/${live.body.id}/points`, { token, body: { points: livePoints } });

    const sse = await openSse(`${base()}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    const trackId = await importPast(token, userId);
    // Still a track of the event (dashboard, exports): only live views leave it out.
    expect((await api("GET", `/tracks/${trackId}`, { token })).status).toBe(200);
    const messages = await sse.drain(1500);
    expect(JSON.stringify(messages)).not.toContain(trackId);
    sse.close();

    const fresh = await openSse(`${base()}/api/live/${eventId}/stream`);
    const snapshot = (await fresh.next("snapshot")).data as Snapshot;
    fresh.close();
    expect(snapshot.tracks.map((t) => t.id)).toEqual([live.body.id]);
    const replay = (await (await fetch(`${base()}/api/live/${eventId}`)).json()) as Snapshot;
    expect(replayRange(replay).start).toBe(Date.parse(livePoints[0]?.timestamp as string));

    // Entered in a race whose window covers the recording: the track is a runner of that race.
    const race = await org.trpc<{ id: string }>("race.create", { event_id: eventId, ...COVERING });
    await org.trpc("race.enter", { race_id: race.id, participant_id: participant.id });
    const after = (await (await fetch(`${base()}/api/live/${eventId}`)).json()) as Snapshot;
    expect(after.tracks.map((t) => t.id).sort()).toEqual([live.body.id, trackId].sort());
    expect(new Date(replayRange(after).start).getUTCFullYear()).toBe(2017);
  });

  it("opens a race with waves at the participant's own wave, not at the race's start", async () => {
    const { org, eventId, token, userId, participant } = await eventWithParticipant("Early Wave");
    const trackId = await importPast(token, userId);
    // The race's start (its default wave) is after the recording; this participant's wave is before it.
    const race = await org.trpc<{ id: string }>("race.create", {
      event_id: eventId,
      name: "Waves",
      start_mode: "waves",
      start_at: "2017-03-19T17:30:00Z",
      end_at: "2017-03-19T19:00:00Z",
    });
    await org.trpc("race.enter", { race_id: race.id, participant_id: participant.id });
    const shown = async () =>
      ((await (await fetch(`${base()}/api/live/${eventId}`)).json()) as Snapshot).tracks.map((t) => t.id);
    expect(await shown()).toEqual([]);
    await org.trpc("race.enter", {
      race_id: race.id,
      participant_id: participant.id,
      wave_start_at: "2017-03-19T16:45:00Z",
    });
    expect(await shown()).toEqual([trackId]);
  });

  it("tells open streams at once when an entry or a race window shows or hides an imported file", async () => {
    const { org, eventId, token, userId, participant } = await eventWithParticipant("Past Runner");
    const trackId = await importPast(token, userId);
    const race = await org.trpc<{ id: string }>("race.create", { event_id: eventId, ...A_YEAR_LATER });
    const { sse, shown, hidden } = await watchImport(eventId, trackId);

    // Entered in a race a year later: still hidden, so nothing is sent.
    await org.trpc("race.enter", { race_id: race.id, participant_id: participant.id });
    expect(JSON.stringify(await sse.drain(1000))).not.toContain(trackId);
    // The race's window moves onto the recording, and away again.
    await org.trpc("race.update", { race_id: race.id, ...COVERING });
    await shown();
    await org.trpc("race.update", { race_id: race.id, ...A_YEAR_LATER });
    await hidden();
    await org.trpc("race.update", { race_id: race.id, ...COVERING });
    await shown();
    // Out of the race, in it again, then the race deleted.
    await org.trpc("race.leave", { participant_id: participant.id });
    await hidden();
    await org.trpc("race.enter", { race_id: race.id, participant_id: participant.id });
    await shown();
    await org.trpc("race.delete", { race_id: race.id });
    await hidden();
    sse.close();

    // A stream opened now agrees: the file is not in its snapshot.
    const fresh = await openSse(`${base()}/api/live/${eventId}/stream`);
    const snapshot = (await fresh.next("snapshot")).data as Snapshot;
    fresh.close();
    expect(snapshot.tracks.map((t) => t.id)).not.toContain(trackId);
  });

  it("tells open streams at once when the event's time zone moves the end of a race without cut-off", async () => {
    const { org, eventId, token, userId, participant } = await eventWithParticipant("Late Zone");
    const trackId = await importPast(token, userId);
    // No cut-off: the window ends with the start's local day. The recording (16:49–17:22 UTC) is inside it
    // in Paris (the day ends at 23:00 UTC), past it in Tokyo (10:00 UTC is 19:00 there: it ends at 15:00 UTC).
    const race = await org.trpc<{ id: string }>("race.create", {
      event_id: eventId,
      name: "No cut-off",
      start_at: "2017-03-19T10:00:00Z",
    });
    const { sse, shown, hidden } = await watchImport(eventId, trackId);
    await org.trpc("race.enter", { race_id: race.id, participant_id: participant.id });
    await shown();
    const event = await org.query<Record<string, unknown>>("event.get", { id: eventId });
    const inZone = (timezone: string) =>
      org.trpc("event.update", {
        id: eventId,
        name: event.name,
        date: event.date,
        time: event.time,
        timezone,
        is_public: true,
        start: { lat: 45, lon: 6 },
      });
    await inZone("Asia/Tokyo");
    await hidden();
    await inZone("Europe/Paris");
    await shown();
    // A change of zone that keeps the race's day where it was says nothing (Paris and Madrid: both UTC+1).
    await inZone("Europe/Madrid");
    expect(JSON.stringify(await sse.drain(1000))).not.toContain(trackId);
    sse.close();
  });
});
