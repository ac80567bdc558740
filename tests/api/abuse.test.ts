import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";
import { signedInOrganiser } from "../support/organiser";
import { openSse } from "../support/sse";

/** Issue 11, "cheap ways to stall the whole server", and access that changes while a stream is open. */

type ErrorBody = { code: string; message: string };

describe("limits per client, per device, per body", () => {
  it("slows a flooding phone alone: its track gets 429, the other phones of its token carry on", async () => {
    const base = inject("limitedUrl");
    const { token } = await newEventToken({ server: "limited" });
    const noisy = (
      await api<{ id: string }>("POST", "/tracks", {
        token,
        base,
        body: { device_track_id: uniqueDeviceId() },
      })
    ).body.id;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api("POST", `/tracks/${noisy}/points`, {
        token,
        base,
        body: { points: linePoints(1, { start: Date.parse("2026-03-12T08:00:00Z") + i * 1000 }) },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([204, 204, 204, 204, 429, 429]);
    // The refused requests did not count against the token: another phone of the event still gets through.
    const honest = await api<{ id: string }>("POST", "/tracks", {
      token,
      base,
      body: { device_track_id: uniqueDeviceId() },
    });
    expect(honest.status).toBe(201);
    const res = await api("POST", `/tracks/${honest.body.id}/points`, {
      token,
      base,
      body: { points: linePoints(3) },
    });
    expect(res.status).toBe(204);
  });

  it("limits password attempts per client address, whatever the e-mail", async () => {
    const base = inject("limitedUrl");
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({
          csrfToken,
          email: `nobody-${randomUUID()}@example.org`,
          password: "wrong password",
          json: "true",
        }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(((await res.json()) as ErrorBody).code).toBe("RATE_LIMIT");
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 6).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(6)).toEqual([429, 429]);
    // Sign-up hashes a password too: the same address is refused there as well.
    const signUp = await fetch(`${base}/api/trpc/account.signUp`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: `new-${randomUUID()}@example.org`, password: "a long enough password" }),
    });
    expect(signUp.status).toBe(429);
  });

  it("caps the dashboard's tRPC bodies before parsing them, and needs no login to do so", async () => {
    const base = inject("baseUrl");
    const huge = JSON.stringify({ email: "x@example.org", password: "p".repeat(4 * 1024 * 1024) });
    const res = await fetch(`${base}/api/trpc/account.signUp`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: huge,
    });
    expect(res.status).toBe(413);
    expect((await fetch(`${base}/api/openapi.json`)).status).toBe(200);
  });

  it("caps bodies sent to the pages and next-auth too", async () => {
    const base = inject("baseUrl");
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a cross-site write to the dashboard's tRPC (CSRF)", async () => {
    const organiser = await signedInOrganiser();
    const res = await fetch(`${inject("baseUrl")}/api/trpc/event.create`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        cookie: organiser.cookie,
        Origin: "https://evil.example",
      },
      body: JSON.stringify({ name: "evil", date: "2026-12-01", time: "08:00", start: { lat: 45, lon: 6 } }),
    });
    expect(res.status).toBe(403);
  });

  it("sends security headers with pages and API answers", async () => {
    const base = inject("baseUrl");
    const page = await fetch(`${base}/signin`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const apiAnswer = await fetch(`${base}/api/tracks`);
    expect(apiAnswer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(apiAnswer.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});

describe("live streams follow access changes", () => {
  const liveUrl = (eventId: string, query = "") => `${inject("baseUrl")}/api/live/${eventId}/stream${query}`;

  it("ends a spectator's stream when its share link is revoked", async () => {
    const organiser = await signedInOrganiser();
    const { eventId } = await organiser.createEvent({ isPublic: false });
    const link = await organiser.trpc<{ id: string; key: string }>("live.createShareLink", {
      event_id: eventId,
    });
    const stream = await openSse(liveUrl(eventId, `?share=${link.key}`));
    expect(stream.status).toBe(200);
    await stream.next("snapshot");
    await organiser.trpc("live.revokeShareLink", { id: link.id });
    await stream.ended;
    expect((await openSse(liveUrl(eventId, `?share=${link.key}`))).status).toBe(404);
  });

  it("ends a spectator's stream when its share link expires", async () => {
    const organiser = await signedInOrganiser();
    const { eventId } = await organiser.createEvent({ isPublic: false });
    const expiresAt = new Date(Date.now() + 2000).toISOString();
    const link = await organiser.trpc<{ key: string }>("live.createShareLink", {
      event_id: eventId,
      expires_at: expiresAt,
    });
    const stream = await openSse(liveUrl(eventId, `?share=${link.key}`));
    expect(stream.status).toBe(200);
    await stream.ended;
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
  });

  it("ends public spectators' streams when the event becomes private, not the organiser's", async () => {
    const organiser = await signedInOrganiser();
    const { eventId } = await organiser.createEvent({ isPublic: true });
    const spectator = await openSse(liveUrl(eventId));
    const mine = await openSse(liveUrl(eventId), { cookie: organiser.cookie });
    await spectator.next("snapshot");
    await mine.next("snapshot");
    const event = await organiser.query<Record<string, unknown>>("event.get", { id: eventId });
    await organiser.trpc("event.update", {
      id: eventId,
      name: event.name,
      date: event.date,
      time: event.time,
      timezone: event.timezone,
      is_public: false,
      start: { lat: 45, lon: 6 },
    });
    await spectator.ended;
    expect((await openSse(liveUrl(eventId))).status).toBe(404);
    // The organiser's stream goes on.
    const ended = await Promise.race([
      mine.ended.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 500)),
    ]);
    expect(ended).toBe(false);
    mine.close();
  });

  it("reconnects spectators with the new delay when one is set", async () => {
    const organiser = await signedInOrganiser();
    const { eventId } = await organiser.createEvent({ isPublic: true });
    const spectator = await openSse(liveUrl(eventId));
    expect(
      ((await spectator.next("snapshot")).data as { event: { delay_sec: number } }).event.delay_sec,
    ).toBe(0);
    await organiser.trpc("live.setSpectatorDelay", { event_id: eventId, spectator_delay_sec: 30 });
    await spectator.ended;
    const again = await openSse(liveUrl(eventId));
    expect(((await again.next("snapshot")).data as { event: { delay_sec: number } }).event.delay_sec).toBe(
      30,
    );
    again.close();
  });
});
