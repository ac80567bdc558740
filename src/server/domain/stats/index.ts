export { chartData, type ChartPoint } from "./chart";
export { flagOutliers } from "./filter";
export { haversineMeters } from "./geo";
export {
  advanceLiveState,
  emptyLiveState,
  isLiveStatsState,
  liveStatsOf,
  type LiveStatsState,
} from "./incremental";
export { ACTIVITY_PARAMS } from "./params";
export { computeSplits, type Split } from "./splits";
export { computeStats } from "./stats";
export type {
  ActivityType,
  AltitudeSource,
  PauseInterval,
  StatPoint,
  StatsOptions,
  TrackStats,
} from "./types";
