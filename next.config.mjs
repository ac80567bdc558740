import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several builds run side by side (e.g. NEXT_DIST_DIR=.next-bench).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its WebAssembly and data files at run time: keep it out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  // The build type-checks the app only; `npm run check` type-checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  typedRoutes: false,
  // RUNIFY_PROFILE_BUILD=1 keeps the server bundle's names readable in `--cpu-prof` profiles.
  experimental: { serverMinification: !process.env.RUNIFY_PROFILE_BUILD },
};

/**
 * Every `next build` and `next dev` also builds the worker-thread bundles (.build/workers, see
 * scripts/build-workers.mjs), so that they can never be missing or older than the server code that starts
 * them, whichever way the build was run. Next loads this file in several processes: the first one builds.
 */
export default async function config(phase) {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  if ((dev || phase === PHASE_PRODUCTION_BUILD) && !process.env.RUNIFY_WORKERS_BUILT) {
    process.env.RUNIFY_WORKERS_BUILT = "1";
    // Loaded here only: a production server (which loads this file too) needs no esbuild.
    const { buildWorkers } = await import("./scripts/build-workers.mjs");
    await buildWorkers({ watch: dev });
  }
  return nextConfig;
}
