import http from "node:http";
import zlib from "node:zlib";

/** A 256×256 PNG: a pale land colour with a darker grid line, tinted by `seed` so tiles look distinct. */
function tilePng(seed: number): Buffer {
  const size = 256;
  const tint = 8 * (seed % 4);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const line = x < 2 || y < 2;
      const road = Math.abs(x - y) < 3 || Math.abs(x - (size - y)) < 2;
      const [r, g, b] = line ? [200, 205, 200] : road ? [255, 255, 255] : [232 - tint, 238, 226 + tint];
      row.set([r, g, b], 1 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A fake tile server for the end-to-end tests: `/{z}/{x}/{y}.png` answers a PNG, `/stats` how many tiles were
 * served. It proves the map loads tiles from MAP_TILE_URL when one is configured.
 */
export function startTileServer(port: number): Promise<http.Server> {
  const tiles = [0, 1, 2, 3].map(tilePng);
  let served = 0;
  const server = http.createServer((req, res) => {
    const match = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? "");
    if (match) {
      served++;
      const seed = Number(match[2]) + Number(match[3]);
      res.writeHead(200, {
        "Content-Type": "image/png",
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": "*",
      });
      res.end(tiles[seed % 4]);
      return;
    }
    if (req.url === "/stats") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ served }));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
