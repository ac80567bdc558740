import path from "node:path";
import { defineConfig } from "vitest/config";

/** API tests over HTTP against a real server; run once per database (TEST_DB=embedded|postgres). */
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "src") } },
  test: {
    include: ["tests/api/**/*.test.ts"],
    // Several instances need a database that several processes can open: PostgreSQL only. The embedded data
    // folder's own tests start their own servers on it, whatever the run's database.
    exclude:
      process.env.TEST_DB === "postgres"
        ? ["tests/api/embedded.test.ts"]
        : [
            "tests/api/multi-instance.test.ts",
            "tests/api/multi-instance-races.test.ts",
            "tests/api/outage.test.ts",
            "tests/api/proxy.test.ts",
          ],
    globalSetup: ["tests/api/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
