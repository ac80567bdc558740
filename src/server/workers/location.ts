import fs from "node:fs";
import path from "node:path";
import { config } from "~/server/config";

/**
 * Where the worker bundles are: `.build/workers/<name>.mjs`, built from src/server/workers/*.worker.ts by
 * scripts/build-workers.mjs during `next build` and `next dev` (Next bundles our server code, so the
 * TypeScript source is no file at run time). scripts/serve.mjs sets RUNIFY_WORKERS_DIR from its own
 * location; other entry points run from the project root, as they do for prisma/migrations.
 */
export function workerBundle(name: string): string {
  // Decided at run time: Next's output tracing has nothing to follow here.
  const dir = config().workers.dir;
  const file = path.join(/*turbopackIgnore: true*/ dir, `${name}.mjs`);
  if (!fs.existsSync(/*turbopackIgnore: true*/ file)) {
    throw new Error(
      `worker bundle ${file} is missing: build it with \`npm run build\` (or \`npx next build\`)`,
    );
  }
  return file;
}
