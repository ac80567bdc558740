import fs from "node:fs";
import path from "node:path";

/**
 * The embedded database's folder is one process's alone: PGlite has no lock of its own, and two servers on one
 * folder corrupt it. A lock file holds the owner's pid; a lock whose process is gone (a crash) is taken over.
 * Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const lock = path.join(dir, "runify.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      const release = () => {
        try {
          if (fs.readFileSync(lock, "utf8").trim() === String(process.pid)) fs.rmSync(lock, { force: true });
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lock, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new Error(
          `the data folder ${dir} is in use by process ${pid} (a Runify server or CLI): stop it, or use its admin socket`,
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Owner-only access to the data: new files from now on (this process's umask), and the files already there
 * (a folder created by an older version, or copied in).
 */
export function restrictDataDir(dir: string): void {
  process.umask(0o077);
  const walk = (p: string) => {
    const stat = fs.lstatSync(p);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      fs.chmodSync(p, 0o700);
      for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
    } else if (stat.mode & 0o077) fs.chmodSync(p, stat.mode & 0o700);
  };
  walk(dir);
}
