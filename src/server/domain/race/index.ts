export { type Candidate, candidatesAt } from "./candidates";
export {
  type Checkpoint,
  CheckpointError,
  type CheckpointKind,
  type CheckpointPlan,
  type CheckpointSpec,
  resolveCheckpoints,
  snapToCourse,
} from "./checkpoints";
export {
  altitudeAt,
  buildCourse,
  climbTo,
  type Course,
  CourseError,
  type CourseOptions,
  courseMarkers,
  markerSpacingM,
  coursePolyline,
  elevationChart,
  positionAt,
  type RoutePoint,
} from "./course";
export {
  computePassings,
  cursorOf,
  detectPassings,
  passingThreshold,
  type Passing,
  type PassingCursor,
  type PassingStatus,
} from "./passings";
export { climbFactorFor, effortTo, type PaceInput, predictEtaTs, predictFinishTs } from "./prediction";
export { advanceProgress, emptyProgressState, isProgressState, settleProgress } from "./progress";
export type { Fix, ProgressParams, ProgressSample, ProgressState } from "./progress-types";
export {
  type BoardDiff,
  changedFields,
  diffBoard,
  leaderDistanceM,
  type RowField,
  type RowPatch,
} from "./board-diff";
export { type LeaderboardRow, leaderboard, type RaceContext, type RaceFlag } from "./ranking";
export { buildReplay, entrantsAt, leaderboardAt, type ReplayEntrant, type ReplayIndex } from "./replay";
export { formatDuration, freezeResults, type ResultRow, type ResultSplit, resultsCsvRows } from "./results";
export {
  type Cutoff,
  type Entrant,
  type Override,
  progressParamsFor,
  type RaceRules,
  type RaceStatus,
  type StartMode,
  type StatusReason,
  timingOf,
} from "./status";
