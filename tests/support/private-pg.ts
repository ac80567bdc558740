import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * A private PostgreSQL cluster of Debian's binaries on its own port, for tests that stop the database under a
 * running server (the shared one on 5432 must never be stopped). PostgreSQL refuses to run as root: the
 * cluster belongs to the `postgres` system user.
 */
export interface PrivateCluster {
  url: string;
  /** Kills the server at once (pg_ctl -m immediate): no clean shutdown, as a crash. */
  crash(): void;
  start(): Promise<void>;
  destroy(): void;
}

function binDir(): string {
  const base = "/usr/lib/postgresql";
  const version = fs.readdirSync(base).sort().pop();
  if (!version) throw new Error("no PostgreSQL binaries under /usr/lib/postgresql");
  return path.join(base, version, "bin");
}

export async function startPrivateCluster(port: number): Promise<PrivateCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runify-pg-"));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, "data");
  execFileSync("chown", ["postgres:postgres", dir]);
  const bin = binDir();
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { stdio: "pipe" });
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const cluster: PrivateCluster = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    crash() {
      asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    },
    async start() {
      asPostgres("pg_ctl", [
        "-D",
        data,
        "-l",
        path.join(dir, "log"),
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        "-w",
        "start",
      ]);
      for (let i = 0; i < 100; i++) {
        const client = new pg.Client({ connectionString: cluster.url });
        try {
          await client.connect();
          await client.end();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error("private cluster did not start");
    },
    destroy() {
      try {
        asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } catch {
        // not running
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
