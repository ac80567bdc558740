export { chartData, type ChartPoint } from "./chart";
export { type DeviceTotalsInput, deviceMovingTime, preferDeviceTotals } from "./device-totals";
export { flagOutliers } from "./filter";
export { haversineMeters } from "./geo";
export {
  advanceLiveState,
  emptyLiveState,
  isLiveStatsState,
  type LiveStatsShown,
  liveStatsOf,
  type LiveStatsState,
} from "./incremental";
export { ACTIVITY_PARAMS } from "./params";
export {
  type ActivitySummary,
  compareActivities,
  type SameActivityVerdict,
  summarizeActivity,
} from "./same-activity";
export { computeSampleStats, sampleChartData, type StatSample } from "./samples";
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
