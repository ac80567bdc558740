import { describe, expect, it } from "vitest";
import { BUS_TRANSPORTS, twoInstances } from "../support/instances";
import { api, uniqueDeviceId } from "../support/api";
import { signedInOrganiser } from "../support/organiser";
import { along, courseFile, type Heading, RACE_START, raceWithCourse } from "../support/race-course";

/** A phone at 4 m/s along `heading`, one fix every 5 s: fixes `from` to `from + n - 1`. */
const fixes = (heading: Heading, from: number, n: number) =>
  Array.from({ length: n }, (_, k) => {
    const p = along(heading, (from + k) * 20);
    return {
      latitude: p.lat,
      longitude: p.lon,
      timestamp: new Date(RACE_START + 10_000 + (from + k) * 5000).toISOString(),
      accuracy: 4,
    };
  });

interface Row {
  participant_id: string;
  distance_m: number;
  last_checkpoint: { id: string } | null;
}

/**
 * Two instances on one PostgreSQL database: the organiser edits a race on instance one while the runners'
 * phones post to instance two, which had the race loaded before the edit. Instance two must rank on the
 * edited race within a few seconds (it used to keep its runtime and entries until a restart).
 */
describe.each(BUS_TRANSPORTS)("race edits on one instance, phones on another, over $transport", ({ env }) => {
  const pair = twoInstances("racebus", env);

  /** A race with a northward course (on one), and a runner whose track is on two, entered or not. */
  async function setUp(entered: boolean) {
    const org = await signedInOrganiser(pair.one.url);
    const { eventId, token, race } = await raceWithCourse(org, pair.one.url);
    const runner = async (name: string, enter: boolean) => {
      const p = await org.trpc<{ id: string }>("participant.create", {
        event_id: eventId,
        name,
        user_id: name,
      });
      if (enter) await org.trpc("race.enter", { race_id: race.id, participant_id: p.id });
      const track = await api<{ id: string }>("POST", "/tracks", {
        token,
        base: pair.two.url,
        body: { device_track_id: uniqueDeviceId(), user_id: name },
      });
      return { participantId: p.id, trackId: track.body.id };
    };
    // Someone always runs, so that instance two has the race loaded with its entrants before the edit.
    await runner("Ana", true);
    const bea = await runner("Bea", entered);
    const post = async (heading: Heading, from: number, n: number) =>
      expect(
        (
          await api("POST", `/tracks/${bea.trackId}/points`, {
            token,
            base: pair.two.url,
            body: { points: fixes(heading, from, n) },
          })
        ).status,
      ).toBe(204);
    const board = async () =>
      (
        await api<{ rows: Row[] }>("GET", `/events/${eventId}/races/${race.id}/leaderboard`, {
          token,
          base: pair.two.url,
        })
      ).body.rows;
    const beaOnTwo = async () => (await board()).find((r) => r.participant_id === bea.participantId);
    /** Keeps posting the next fixes to two (as a phone does) until two's board shows `done`, for 6 s. */
    const untilTwoShows = async (heading: Heading, from: number, done: (row: Row | undefined) => boolean) => {
      const deadline = Date.now() + 6000;
      let next = from;
      let row = await beaOnTwo();
      while (!done(row) && Date.now() < deadline) {
        await post(heading, next, 5);
        next += 5;
        await new Promise((r) => setTimeout(r, 400));
        row = await beaOnTwo();
      }
      return row;
    };
    return { org, eventId, token, race, bea, post, board, beaOnTwo, untilTwoShows };
  }

  it("ranks a participant entered on instance one from the batches their phone posts to instance two", async () => {
    const { org, race, bea, post, board, untilTwoShows } = await setUp(false);
    // Not entered yet: two has the race loaded without Bea, and has looked up (and cached) her track's race.
    await post("north", 0, 10);
    expect((await board()).map((r) => r.participant_id)).not.toContain(bea.participantId);
    await org.trpc("race.enter", { race_id: race.id, participant_id: bea.participantId });
    // Past the 200 m she had run when entered (instance one's recompute): two's own batches count.
    const row = await untilTwoShows("north", 10, (r) => (r?.distance_m ?? 0) > 300);
    expect(row?.distance_m).toBeGreaterThan(300);
  });

  it("decides on instance two the passing of a checkpoint moved on instance one", async () => {
    const { org, race, post, beaOnTwo, untilTwoShows } = await setUp(true);
    const added = await org.trpc<{ checkpoints: Array<{ id: string; name: string }> }>("race.addCheckpoint", {
      race_id: race.id,
      checkpoint: { name: "Water", distance_m: 2500 },
    });
    const water = added.checkpoints.find((c) => c.name === "Water");
    if (!water) throw new Error("the new checkpoint");
    await post("north", 0, 10);
    expect((await beaOnTwo())?.last_checkpoint?.id).not.toBe(water.id);
    // Moved to 400 m, ahead of Bea (at 200 m): only instance two's next batches can pass it.
    await org.trpc("race.updateCheckpoint", { id: water.id, checkpoint: { name: "Water", distance_m: 400 } });
    const row = await untilTwoShows("north", 10, (r) => r?.last_checkpoint?.id === water.id);
    expect(row?.last_checkpoint?.id).toBe(water.id);
  });

  it("projects the batches posted to instance two on a course uploaded on instance one", async () => {
    const { eventId, token, race, post, beaOnTwo, untilTwoShows } = await setUp(true);
    // Bea runs east: off the northward course, she has covered nothing.
    await post("east", 0, 10);
    expect((await beaOnTwo())?.distance_m ?? 0).toBeLessThan(50);
    const course = await api("PUT", `/events/${eventId}/races/${race.id}/course`, {
      token,
      base: pair.one.url,
      body: { files: [courseFile("east")] },
    });
    expect(course.status).toBe(200);
    const row = await untilTwoShows("east", 10, (r) => (r?.distance_m ?? 0) > 300);
    expect(row?.distance_m).toBeGreaterThan(300);
  });
});
