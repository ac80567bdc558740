/**
 * A child process of bench-live (plain JavaScript, started with child_process.fork): holds `count` viewers'
 * live streams on raw TCP sockets — one GET written by hand, no HTTP parser, no per-viewer buffers beyond a
 * frame's tail, no per-viewer maps — so that one process holds thousands of them. Its memory does not grow
 * with the number of frames: latencies go into one histogram (1 ms bins) as they are measured.
 *
 * Parent → child: {type: "start", host, port, path, count}, {type: "acks", list: [[key, ackAtMs], …]} (the
 * batches the devices got a 204 for, key = `${trackId}:${firstPointMs}`), {type: "stop"}.
 * Child → parent: {type: "ready"} once every viewer has its snapshot; on stop {type: "result", …} and exit.
 */
import net from "node:net";

const BINS = 60_000;
const histogram = new Uint32Array(BINS + 1);
/** ackAt by key, for the batches acknowledged so far. */
const acks = new Map();
/** Arrivals of batches whose 204 the parent has not told us about yet: key → arrival times. */
const early = new Map();
let matched = 0;
let frames = 0;
let bytes = 0;
let ready = 0;
let count = 0;
let failed = 0;
let stopping = false;
/** This process's CPU when the measured run started (its snapshots' parsing is not the run's). */
let cpuAtStart;
const sockets = [];

function record(latency) {
  histogram[Math.min(BINS, Math.max(0, Math.round(latency)))] += 1;
  matched += 1;
}

function arrived(key, now) {
  const ackAt = acks.get(key);
  if (ackAt !== undefined) return record(now - ackAt);
  const list = early.get(key);
  if (list) list.push(now);
  else early.set(key, [now]);
}

const TRACK = '"track":{"id":"';
const POINTS = '"points":[[';
const MOVES = "event: moves\n";

/** The batch whose first point's time follows `at` (`[lat,lon,ts,…`): its key is track id and that time. */
function pointAfter(text, trackId, at, now) {
  const c1 = text.indexOf(",", at);
  const c2 = text.indexOf(",", c1 + 1);
  const c3 = text.indexOf(",", c2 + 1);
  arrived(`${trackId}:${text.slice(c2 + 1, c3)}`, now);
  frames += 1;
}

/**
 * The batches of the spectators' `moves` frames: `{"moves":[[seq,"track id",[[lat,lon,ts,alt],…],d,p,s],…]}`.
 * The track id is an entry's only string, so each `,"` in the frame starts one batch's id.
 */
function scanMoves(text, now) {
  let at = text.indexOf(MOVES);
  while (at >= 0) {
    const end = text.indexOf("\n\n", at);
    if (end < 0) return;
    for (let q = text.indexOf(',"', at); q >= 0 && q < end; q = text.indexOf(',"', q + 40)) {
      const trackId = text.slice(q + 2, q + 38);
      // `",[[` after the id: the first point's `[`.
      pointAfter(text, trackId, q + 41, now);
    }
    at = text.indexOf(MOVES, end);
  }
}

/** The batches in one viewer's text: each `points` message names its track and its first point's time. */
function scan(text, now) {
  scanMoves(text, now);
  let at = text.indexOf("event: points\n");
  while (at >= 0) {
    const trackAt = text.indexOf(TRACK, at);
    const pointsAt = text.indexOf(POINTS, at);
    if (trackAt < 0 || pointsAt < 0) return;
    const trackId = text.slice(trackAt + TRACK.length, trackAt + TRACK.length + 36);
    // A wire point is [lat, lon, ts, alt]: the third number.
    const c1 = text.indexOf(",", pointsAt);
    const c2 = text.indexOf(",", c1 + 1);
    const c3 = text.indexOf(",", c2 + 1);
    arrived(`${trackId}:${text.slice(c2 + 1, c3)}`, now);
    frames += 1;
    at = text.indexOf("event: points\n", pointsAt);
  }
}

/** Viewers whose connection ended before their snapshot, and why (`ECONNRESET`…): they reconnect, as browsers do. */
const retried = {};
const MAX_TRIES = 20;

function open(host, port, path, tries = 1) {
  const socket = net.connect({ host, port });
  let tail = "";
  let headers = true;
  let snapshot = false;
  let refused = false;
  socket.setNoDelay(true);
  socket.setEncoding("latin1");
  socket.on("connect", () => {
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
  });
  /** Chunks with no frame end in them yet (a snapshot of a few hundred KB comes in many): joined once, at its end. */
  let parts = [];
  socket.on("data", (chunk) => {
    const now = performance.timeOrigin + performance.now();
    bytes += chunk.length;
    // Only complete frames are read: a frame cut between two chunks waits for its end ("\n\n").
    if (!headers) {
      const before = parts.length > 0 ? parts[parts.length - 1] : tail;
      if (!chunk.includes("\n\n") && !(before.endsWith("\n") && chunk.startsWith("\n"))) {
        parts.push(chunk);
        return;
      }
    }
    let text = parts.length > 0 ? tail + parts.join("") + chunk : tail + chunk;
    parts = [];
    if (headers) {
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        tail = text;
        return;
      }
      if (!text.startsWith("HTTP/1.1 200")) {
        // Refused (404, 503…): a failed viewer, not retried.
        refused = true;
        failed += 1;
        if (ready + failed === count) process.send?.({ type: "ready", failed, retried });
        socket.destroy();
        return;
      }
      headers = false;
      text = text.slice(end + 4);
    }
    const last = text.lastIndexOf("\n\n");
    if (last < 0) {
      tail = text;
      return;
    }
    const complete = text.slice(0, last + 2);
    tail = text.slice(last + 2);
    if (!snapshot) {
      const s = complete.indexOf("event: snapshot\n");
      if (s < 0) return;
      snapshot = true;
      ready += 1;
      if (ready + failed === count) process.send?.({ type: "ready", failed, retried });
      scan(complete.slice(complete.indexOf("\n\n", s) + 2), now);
      return;
    }
    scan(complete, now);
  });
  let why = "closed";
  socket.on("error", (error) => {
    why = error.code ?? "error";
  });
  // Thousands of connections at once overflow the server's accept queue (backlog 511): some are reset or
  // refused. Counted, and opened again a moment later (at most MAX_TRIES times, then a failed viewer).
  socket.on("close", () => {
    if (snapshot || refused || stopping) return;
    retried[why] = (retried[why] ?? 0) + 1;
    if (tries >= MAX_TRIES) {
      failed += 1;
      if (ready + failed === count) process.send?.({ type: "ready", failed, retried });
      return;
    }
    setTimeout(() => open(host, port, path, tries + 1), 100 + Math.random() * 400);
  });
  sockets.push(socket);
}

process.on("message", (message) => {
  if (message.type === "start") {
    count = message.count;
    for (let i = 0; i < count; i++) open(message.host, message.port, message.path);
  } else if (message.type === "measure") {
    // The measured run starts: bytes (and batches) before it, snapshots included, are not its.
    bytes = 0;
    frames = 0;
    cpuAtStart = process.cpuUsage();
  } else if (message.type === "acks") {
    for (const [key, ackAt] of message.list) {
      acks.set(key, ackAt);
      const list = early.get(key);
      if (list) {
        early.delete(key);
        for (const at of list) record(at - ackAt);
      }
    }
  } else if (message.type === "stop") {
    stopping = true;
    for (const s of sockets) s.destroy();
    const bins = [];
    for (let i = 0; i <= BINS; i++) if (histogram[i]) bins.push([i, histogram[i]]);
    process.send?.(
      { type: "result", bins, matched, frames, bytes, failed, cpu: process.cpuUsage(cpuAtStart) },
      () => process.exit(0),
    );
  }
});
// The bench is gone (it crashed, or was killed): so is this process.
process.on("disconnect", () => process.exit(0));
