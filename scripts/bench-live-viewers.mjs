/**
 * Worker of bench-live (plain JavaScript: worker threads load it without the TypeScript loader): holds a share of the viewers' SSE connections, so parsing the streams does not slow
 * down the simulated devices. Reads only what it needs from each frame (track id and first point's time).
 */
import { parentPort, workerData } from "node:worker_threads";

const { url, count } = workerData;
const arrivals = [];
const aborts = [];
let ready = 0;

function onFrame(frame, seen, now) {
  if (!frame.startsWith("id: ") || !frame.includes("\nevent: points\n")) return;
  const trackAt = frame.indexOf('"track":{"id":"');
  const pointsAt = frame.indexOf('"points":[[');
  if (trackAt < 0 || pointsAt < 0) return;
  const trackId = frame.slice(trackAt + 15, trackAt + 51);
  const first = frame.slice(pointsAt + 11, frame.indexOf("]", pointsAt)).split(",")[2];
  seen.set(`${trackId}:${first}`, now);
}

for (let v = 0; v < count; v++) {
  const seen = new Map();
  arrivals.push(seen);
  const abort = new AbortController();
  aborts.push(abort);
  void (async () => {
    const res = await fetch(url, { signal: abort.signal });
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let snapshot = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const now = performance.timeOrigin + performance.now();
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          if (!snapshot && frame.includes("\nevent: snapshot\n")) {
            snapshot = true;
            ready += 1;
            if (ready === count) parentPort?.postMessage({ type: "ready" });
          } else onFrame(frame, seen, now);
        }
      }
    } catch {
      // closed at the end
    }
  })();
}

parentPort?.on("message", (message) => {
  if (message.type !== "stop") return;
  for (const a of aborts) a.abort();
  parentPort?.postMessage({ type: "arrivals", arrivals: arrivals.map((m) => [...m.entries()]) });
});
