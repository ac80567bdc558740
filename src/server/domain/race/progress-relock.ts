import type { Candidate } from "./candidates";
import { commitPath } from "./progress-commit";
import { type Context, emission, transition } from "./progress-costs";

/** Enough suspects: the cheapest chain of their candidates within reach of one another re-locates the runner. */
export function relock(ctx: Context): void {
  const { state } = ctx;
  const from = state.hypotheses[0];
  type Link = { cost: number; c: Candidate; prev: Link | null };
  let links: Link[] | null = null;
  for (let k = 0; k < state.suspects.length; k++) {
    const s = state.suspects[k];
    const prevFix = state.suspects[k - 1];
    if (s === undefined) break;
    const nextLinks: Link[] = [];
    for (const c of s.candidates) {
      if (links === null || prevFix === undefined) {
        // Prefer the smallest jump: 1 cost unit per km.
        const jump = from === undefined ? 0 : Math.abs(c.alongM - from.alongM) / 1000;
        nextLinks.push({ cost: emission(c) + jump, c, prev: null });
        continue;
      }
      let best: Link | null = null;
      for (const l of links) {
        const t = transition(
          ctx,
          { alongM: l.c.alongM, ts: prevFix.ts, lat: prevFix.lat, lon: prevFix.lon },
          c,
          s,
        );
        if (t !== null && (best === null || l.cost + t < best.cost)) best = { cost: l.cost + t, c, prev: l };
      }
      if (best !== null) nextLinks.push({ ...best, cost: best.cost + emission(c) });
    }
    links = nextLinks;
    if (links.length === 0) break;
  }
  const end = links?.reduce<Link | null>((a, b) => (a === null || b.cost < a.cost ? b : a), null) ?? null;
  if (end === null) {
    state.suspects.shift();
    return;
  }
  const first = state.suspects[0];
  if (from !== undefined && first !== undefined) commitPath(ctx, from.path, first.ts);
  const chain: Candidate[] = [];
  for (let l: Link | null = end; l !== null; l = l.prev) chain.unshift(l.c);
  const path = state.suspects.map((s, k) => ({
    ts: s.ts,
    alongM: chain[k]?.alongM ?? null,
    offsetM: chain[k]?.offsetM ?? s.offsetM,
    relock: k === 0,
  }));
  const lastSuspect = state.suspects[state.suspects.length - 1];
  if (lastSuspect === undefined) return;
  state.hypotheses = [
    { cost: 0, alongM: end.c.alongM, ts: lastSuspect.ts, lat: lastSuspect.lat, lon: lastSuspect.lon, path },
  ];
  state.suspects = [];
}
