import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate` here (migrations run through scripts/db.ts, see README).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
