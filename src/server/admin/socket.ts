import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Database } from "~/server/db";
import { runAdminCommand, ZAdminCommand } from "./operations";

/**
 * PGlite lets one process open a data folder. While the server runs, operator commands (the token CLI) reach
 * it through a Unix socket inside that folder, usable by the folder's owner only.
 */
export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, "admin.sock");
}

export function startAdminSocket(db: Database, dataDir: string): net.Server {
  const socketPath = adminSocketPath(dataDir);
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((conn) => {
    let buffer = "";
    conn.setEncoding("utf8");
    conn.on("data", async (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf("\n");
      if (newline < 0) return;
      const line = buffer.slice(0, newline);
      try {
        const command = ZAdminCommand.parse(JSON.parse(line));
        conn.end(`${JSON.stringify({ ok: true, result: await runAdminCommand(db, command) })}\n`);
      } catch (error) {
        conn.end(
          `${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`,
        );
      }
    });
    conn.on("error", () => conn.destroy());
  });
  server.listen(socketPath, () => fs.chmodSync(socketPath, 0o600));
  server.unref();
  process.once("exit", () => fs.rmSync(socketPath, { force: true }));
  return server;
}

/** Sends one command to a running server; null when none listens (the caller then opens the folder itself). */
export function sendAdminCommand(dataDir: string, command: unknown): Promise<unknown | null> {
  const socketPath = adminSocketPath(dataDir);
  if (!fs.existsSync(socketPath)) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    let reply = "";
    conn.setEncoding("utf8");
    conn.on("connect", () => conn.write(`${JSON.stringify(command)}\n`));
    conn.on("data", (chunk) => {
      reply += chunk;
    });
    conn.on("end", () => {
      try {
        resolve(JSON.parse(reply));
      } catch (error) {
        reject(error);
      }
    });
    conn.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") resolve(null);
      else reject(error);
    });
  });
}
