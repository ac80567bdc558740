import fs from "node:fs";
import path from "node:path";
import type { CDPSession } from "@playwright/test";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions that took the most self time in `profile`, as "share% name (file:line)" lines. */
export function topFunctions(profile: Profile, count = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} (${url.split("/").pop() ?? ""}:${lineNumber + 1})`;
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}% ${name}`);
}

/**
 * Runs `measure` under the CDP sampling profiler when `dir` is set: writes `<dir>/<name>.cpuprofile` (open it
 * in DevTools' Performance panel) and logs the top functions by self time.
 */
export async function profiled<T>(
  cdp: CDPSession,
  dir: string | undefined,
  name: string,
  log: (s: string) => void,
  measure: () => Promise<T>,
): Promise<T> {
  if (!dir) return measure();
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  const result = await measure();
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: Profile };
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  log(`${file}, top self time:\n${topFunctions(profile).join("\n")}`);
  return result;
}
