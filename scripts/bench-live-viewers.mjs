/**
 * Worker of bench-live (plain JavaScript: worker threads load it without the TypeScript loader): holds a share of the viewers' SSE connections, so parsing the streams does not slow
 * down the simulated devices. Reads only what it needs from each frame (track id and first point's time).
 */
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { url, count } = workerData;
const arrivals = [];
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

const streams = [];
for (let v = 0; v < count; v++) {
  const seen = new Map();
  arrivals.push(seen);
  let buffer = "";
  let snapshot = false;
  // node:http and latin1 text: the markers looked for are ASCII, and this is the cheapest way to read them.
  const req = http.get(url, (res) => {
    res.setEncoding("latin1");
    res.on("data", (chunk) => {
      const now = performance.timeOrigin + performance.now();
      buffer += chunk;
      let start = 0;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const frame = buffer.slice(start, end);
        if (!snapshot && frame.includes("\nevent: snapshot\n")) {
          snapshot = true;
          ready += 1;
          if (ready === count) parentPort?.postMessage({ type: "ready" });
        } else onFrame(frame, seen, now);
        start = end + 2;
        end = buffer.indexOf("\n\n", start);
      }
      buffer = buffer.slice(start);
    });
  });
  req.on("error", () => undefined); // closed at the end
  streams.push(req);
}

parentPort?.on("message", (message) => {
  if (message.type !== "stop") return;
  for (const r of streams) r.destroy();
  parentPort?.postMessage({ type: "arrivals", arrivals: arrivals.map((m) => [...m.entries()]) });
});
