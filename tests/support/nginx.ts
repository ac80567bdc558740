import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Debian's nginx binary (packages nginx-light or nginx; scripts/test.sh installs one), or null. */
export function nginxBinary(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"])
    if (fs.existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

export interface RunningNginx {
  url: string;
  /** The access log's lines so far (deploy/nginx.conf's `runify` format). */
  accessLog(): string[];
  stop(): Promise<void>;
}

/**
 * Runs the shipped `deploy/nginx.conf` as a private nginx (its own prefix folder for pid, logs and temp
 * files; never the system service), with only its listen port and upstream servers replaced: the rest is
 * what users run. Resolves once it answers on `port`.
 */
export async function startNginx(opts: { port: number; upstreams: string[] }): Promise<RunningNginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error("nginx is not installed (apt-get install nginx-light)");
  const shipped = fs.readFileSync(path.resolve("deploy/nginx.conf"), "utf8");
  const servers = opts.upstreams.map((u) => `    server ${u} max_fails=3 fail_timeout=10s;`).join("\n");
  const config = shipped
    .replace(/(?:^ {4}server 127\.0\.0\.1:\d+ [^\n]*\n)+/m, `${servers}\n`)
    .replace(/^ {4}listen 8080;$/m, `    listen 127.0.0.1:${opts.port};`);
  // The shipped file's shape is part of what is tested: if these lines move, the test must be told.
  if (!config.includes(servers) || !config.includes(`listen 127.0.0.1:${opts.port};`))
    throw new Error(
      "deploy/nginx.conf no longer has the upstream servers and listen line this test replaces",
    );
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "runify-nginx-"));
  for (const dir of ["logs", "tmp"]) fs.mkdirSync(path.join(prefix, dir));
  const configPath = path.join(prefix, "nginx.conf");
  // Workers run as root's default user (nobody) when started by root: let them into the prefix.
  fs.chmodSync(prefix, 0o755);
  fs.writeFileSync(configPath, config);
  const args = ["-p", prefix, "-c", configPath, "-e", path.join(prefix, "logs", "error.log")];
  const test = spawnSync(binary, [...args, "-t"], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t refused deploy/nginx.conf:\n${test.stderr}`);
  // nginx in the foreground under a shell that stops it (SIGTERM: master and workers at once) when this
  // process's end of its stdin closes, i.e. when this process ends, whatever way: no nginx outlives its test.
  const child: ChildProcess = spawn(
    "sh",
    [
      "-c",
      '"$0" "$@" & pid=$!; cat >/dev/null; kill -TERM $pid; wait $pid',
      binary,
      ...args,
      "-g",
      "daemon off;",
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited early:\n${output}`);
    try {
      await fetch(`${url}/api/openapi.json`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const accessLogPath = path.join(prefix, "logs", "access.log");
  return {
    url,
    accessLog: () =>
      fs.existsSync(accessLogPath) ? fs.readFileSync(accessLogPath, "utf8").split("\n").filter(Boolean) : [],
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(prefix, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.stdin?.end();
      }),
  };
}
