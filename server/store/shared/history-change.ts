// A change as the append-only history records it, whichever engine writes it.

export interface Change {
  entity: string;
  entityId: number;
  user: { id: number | null; username: string };
  before: unknown;
  after: unknown;
}

/** The values of a history row, in the column order (entity, entity_id, user_id, username, before, after). */
export const historyValues = (change: Change) => [
  change.entity,
  change.entityId,
  change.user.id,
  change.user.username,
  JSON.stringify(change.before),
  JSON.stringify(change.after),
];
