/**
 * Builds the worker-thread entry points (src/server/workers/*.worker.ts) into .build/workers/<name>.mjs with
 * esbuild: Next bundles the server code, so a worker's TypeScript source is no file at run time, and its
 * bundle must be built beside Next's. next.config.mjs calls this on `next build` and `next dev` (watching
 * there); tests build into a folder of their own.
 *   node scripts/build-workers.mjs          (the same build, by hand)
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const WORKERS_DIR = path.join(ROOT, ".build/workers");

/** The entry points, by bundle name: every *.worker.ts of src/server/workers. */
export function workerEntries() {
  const dir = path.join(ROOT, "src/server/workers");
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".worker.ts"))
      .map((f) => [f.replace(/\.worker\.ts$/, ""), path.join(dir, f)]),
  );
}

/**
 * @param {{ outDir?: string, entries?: Record<string, string>, watch?: boolean }} [options]
 * @returns {Promise<string>} the folder the bundles are in
 */
export async function buildWorkers({ outDir = WORKERS_DIR, entries = workerEntries(), watch = false } = {}) {
  /** @type {import("esbuild").BuildOptions} */
  const options = {
    entryPoints: entries,
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    // PGlite finds its WebAssembly and data files beside its own module: it stays in node_modules, which the
    // bundles reach by being inside the project (.build/…).
    external: ["@electric-sql/pglite", "pglite-prisma-adapter"],
    // CommonJS dependencies bundled into ESM still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __runifyRequire } from 'node:module'; const require = __runifyRequire(import.meta.url);",
    },
    sourcemap: "linked",
    logLevel: "warning",
  };
  if (watch) {
    const context = await esbuild.context(options);
    await context.rebuild();
    await context.watch();
  } else {
    await esbuild.build(options);
  }
  return outDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`worker bundles in ${path.relative(process.cwd(), await buildWorkers()) || "."}`);
}
