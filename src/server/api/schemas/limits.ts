/** Limits of the public contract (shared/spec/runify-rest-api.md): fixed promises, not configuration. */
export const limits = {
  /** Points per POST /tracks/{id}/points. */
  pointsPerBatch: 10_000,
  /** Points per POST /sync and per GET /tracks/{id}/points page. */
  pointsPerSync: 50_000,
} as const;
