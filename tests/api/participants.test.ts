import { describe, expect, it } from "vitest";
import { api, linePoints, uniqueDeviceId } from "../support/api";
import { type Organiser, signedInOrganiser } from "../support/organiser";

/** Participants of their own: invitations, self-registration, personal tokens and their confinement. */

type Invited = { id: string; invite_path: string; status: string; joined_at: string | null };
type Joined = { participant: { id: string; status: string }; event_id: string; token: { raw: string } };

async function invite(org: Organiser, eventId: string, name: string, bib: string | null = null) {
  return org.trpc<Invited>("participant.create", { event_id: eventId, name, bib });
}

async function accept(invited: Invited) {
  const code = invited.invite_path.replace("/join/", "");
  const res = await api<Joined>("POST", `/invitations/${code}/join`);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function newTrack(token: string) {
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId() },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

describe("invitations", () => {
  it("joins by the link: approved, joined_at set, a personal token shown once that works", async () => {
    const org = await signedInOrganiser();
    const { eventId } = await org.createEvent();
    const invited = await invite(org, eventId, "Camille", "7");
    expect(invited).toMatchObject({ status: "invited", joined_at: null });
    const joined = await accept(invited);
    expect(joined.participant.status).toBe("approved");
    expect(joined.token.raw).toMatch(/^rfy_/);
    const list = await org.query<{ participants: Invited[] }>("participant.list", { event_id: eventId });
    const row = list.participants.find((p) => p.id === invited.id);
    expect(row?.status).toBe("approved");
    expect(Date.parse(row?.joined_at ?? "")).toBeGreaterThan(Date.now() - 60_000);

    const me = await api("GET", "/me", { token: joined.token.raw });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: "participant", level: "user", event_id: eventId, user: null });
    expect(me.body.participant).toMatchObject({ id: invited.id, name: "Camille", bib: "7" });
  });

  it("refuses an unknown or revoked invitation with 404, and a revoked participant's token with 401", async () => {
    const org = await signedInOrganiser();
    const { eventId } = await org.createEvent();
    const unknown = await api("POST", "/invitations/AAAAAAAAAAAAAAAAAAAAAA/join");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "NOT_FOUND" });
    const invited = await invite(org, eventId, "Lou");
    const joined = await accept(invited);
    await org.trpc("participant.revoke", { id: invited.id });
    const again = await api("POST", `/invitations/${invited.invite_path.replace("/join/", "")}/join`);
    expect(again.status).toBe(404);
    const refused = await api("GET", "/me", { token: joined.token.raw });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("personal tokens are confined to their participant", () => {
  it("binds the tracks it creates and hides another participant's track behind 404", async () => {
    const org = await signedInOrganiser();
    const { eventId, token: eventToken } = await org.createEvent();
    const a = await accept(await invite(org, eventId, "Alex"));
    const b = await accept(await invite(org, eventId, "Sam"));
    const trackA = await newTrack(a.token.raw);
    const got = await api("GET", `/tracks/${trackA}`, { token: a.token.raw });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ participant_id: a.participant.id, event_id: eventId });

    const calls: Array<[string, string, unknown?]> = [
      ["GET", `/tracks/${trackA}`],
      ["GET", `/tracks/${trackA}/points`],
      ["GET", `/tracks/${trackA}/chart`],
      ["PATCH", `/tracks/${trackA}`, { title: "stolen" }],
      ["POST", `/tracks/${trackA}/finish`],
      ["POST", `/tracks/${trackA}/points`, { points: linePoints(2) }],
      ["DELETE", `/tracks/${trackA}`],
      ["GET", `/tracks/${trackA}/gpx`],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(method, path, { token: b.token.raw, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ code: "NOT_FOUND" });
    }
    // Its own list holds only its own tracks; the event's token still sees every track of the event.
    const trackB = await newTrack(b.token.raw);
    const listB = await api<{ tracks: Array<{ id: string }> }>("GET", "/tracks", { token: b.token.raw });
    expect(listB.body.tracks.map((t) => t.id)).toEqual([trackB]);
    const all = await api<{ tracks: Array<{ id: string }> }>("GET", "/tracks", { token: eventToken });
    expect(all.body.tracks.map((t) => t.id).sort()).toEqual([trackA, trackB].sort());
    const post = await api("POST", `/tracks/${trackA}/points`, {
      token: a.token.raw,
      body: { points: linePoints(3) },
    });
    expect(post.status).toBe(204);
  });

  it("keeps a device_track_id conflict from naming another participant's track", async () => {
    const org = await signedInOrganiser();
    const { eventId } = await org.createEvent();
    const a = await accept(await invite(org, eventId, "A"));
    const b = await accept(await invite(org, eventId, "B"));
    const device = uniqueDeviceId();
    expect(
      (await api("POST", "/tracks", { token: a.token.raw, body: { device_track_id: device } })).status,
    ).toBe(201);
    const clash = await api("POST", "/tracks", { token: b.token.raw, body: { device_track_id: device } });
    expect(clash.status).toBe(409);
    expect(clash.body).not.toHaveProperty("id");
  });
});

describe("self-registration on public events", () => {
  async function publicEvent(
    org: Organiser,
    settings: { open: boolean; cap?: number | null; approval?: boolean },
  ) {
    const { eventId } = await org.createEvent({ isPublic: true });
    await org.trpc("participant.setRegistration", {
      event_id: eventId,
      open: settings.open,
      cap: settings.cap ?? null,
      require_approval: settings.approval ?? false,
    });
    return eventId;
  }
  const register = (eventId: string, name: string, bib?: string) =>
    api<Joined>("POST", `/events/${eventId}/join`, { body: { name, bib: bib ?? null } });

  it("refuses a private event: invitation only", async () => {
    const org = await signedInOrganiser();
    const { eventId } = await org.createEvent({ isPublic: false });
    const res = await register(eventId, "Intruder");
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("invitation") });
    await expect(
      org.trpc("participant.setRegistration", {
        event_id: eventId,
        open: true,
        cap: null,
        require_approval: false,
      }),
    ).rejects.toThrow(/400/);
  });

  it("accepts while open, refuses once closed, and stops at the cap", async () => {
    const org = await signedInOrganiser();
    const eventId = await publicEvent(org, { open: true, cap: 2 });
    const first = await register(eventId, "One", "1");
    expect(first.status, first.text).toBe(201);
    expect(first.body.participant.status).toBe("approved");
    const sameBib = await register(eventId, "Copy", "1");
    expect(sameBib.status).toBe(409);
    expect((await register(eventId, "Two")).status).toBe(201);
    const full = await register(eventId, "Three");
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("full") });

    await org.trpc("participant.setRegistration", {
      event_id: eventId,
      open: false,
      cap: null,
      require_approval: false,
    });
    const closed = await register(eventId, "Late");
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("closed") });
    expect((await register("00000000-0000-4000-8000-000000000000", "Nobody")).status).toBe(404);
    const bad = await api("POST", `/events/${eventId}/join`, { body: { name: "" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("with approval: the token reads but may not write until the organiser approves", async () => {
    const org = await signedInOrganiser();
    const eventId = await publicEvent(org, { open: true, approval: true });
    const joined = (await register(eventId, "Pending")).body;
    expect(joined.participant.status).toBe("registered");
    const refused = await api("POST", "/tracks", {
      token: joined.token.raw,
      body: { device_track_id: "p1" },
    });
    expect(refused.status).toBe(403);
    expect((await api("GET", "/me", { token: joined.token.raw })).status).toBe(200);
    await org.trpc("participant.approve", { id: joined.participant.id });
    const allowed = await api("POST", "/tracks", {
      token: joined.token.raw,
      body: { device_track_id: "p1" },
    });
    expect(allowed.status, allowed.text).toBe(201);
  });
});
