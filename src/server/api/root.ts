import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { eventRouter } from "./routers/event";
import { participantRouter } from "./routers/participant";
import { raceAdminRouter } from "./routers/race-admin";
import { tokenRouter } from "./routers/token";
import { importRouter } from "./routers/import";
import { liveRouter } from "./routers/live";
import { runnerRouter } from "./routers/runner";
import { statsRouter } from "./routers/stats";
import { trackRouter } from "./routers/track";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  track: trackRouter,
  import: importRouter,
  live: liveRouter,
  event: eventRouter,
  token: tokenRouter,
  participant: participantRouter,
  race: raceAdminRouter,
  account: accountRouter,
  admin: adminRouter,
  runner: runnerRouter,
  stats: statsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
