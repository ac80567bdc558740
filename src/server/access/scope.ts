/**
 * Whose data a caller may touch: an API token sees its own event; a signed-in organiser sees the events they
 * own. Every query that reads tracks through a scope filters with one of the two helpers below, so the rule
 * is written once.
 */
export type Scope = { eventId: string; participantId?: string | null } | { ownerId: string };

/** The scope of an event token, or of a participant's personal token (its own tracks only). */
export function tokenScope(token: { eventId: string; participantId: string | null }): Scope {
  return token.participantId
    ? { eventId: token.eventId, participantId: token.participantId }
    : { eventId: token.eventId };
}

/**
 * SQL condition on an `event_id` column for parameter `$n`, and that parameter's value. A participant's scope
 * checks the `participant_id` column beside it (same table alias) and the participant's event, with one
 * parameter: another participant's track is not found, like another event's.
 */
export function scopeCondition(scope: Scope, column: string, n: number): [sql: string, param: string] {
  if ("eventId" in scope && scope.participantId) {
    const participantColumn = column.replace(/event_id$/, "participant_id");
    return [
      `${participantColumn} = $${n}::uuid AND ${column} = (SELECT p.event_id FROM participants p WHERE p.id = $${n}::uuid)`,
      scope.participantId,
    ];
  }
  return "eventId" in scope
    ? [`${column} = $${n}`, scope.eventId]
    : [`${column} IN (SELECT e.id FROM events e WHERE e.owner_id = $${n})`, scope.ownerId];
}

/** The same for Prisma: a `where` on the event. */
export function scopeEventWhere(scope: Scope): { id: string } | { ownerId: string } {
  return "eventId" in scope ? { id: scope.eventId } : { ownerId: scope.ownerId };
}

/**
 * The event a request is about: the token's own, or, for an organiser, the one named in the request (which
 * must be theirs: checked by the query that uses it).
 */
export function scopedEventId(scope: Scope, requested: string | undefined): string | undefined {
  return "eventId" in scope ? scope.eventId : requested;
}
