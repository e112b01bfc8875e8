// What a change to a finding records, alike in both engines: the finding's event (its own log, shown to users) and
// the entry of the append-only history, both written in the change's transaction.
import { type FindingState, transitionProblem } from '../../domain/audit/workflow.ts';
import type { User } from '../../domain/users/user.ts';
import { invalidError } from '../../errors/domain-error.ts';
import type { FindingChange, FindingEvent, FindingItem } from '../audit.ts';
import type { Change } from './history-change.ts';

export type Who = { id: number | null; username: string };

/** A finding's event and history entry: the entry's `entityId` and `user` are the event's finding and author. */
export interface FindingRecords {
  event: Omit<FindingEvent, 'id' | 'at' | 'username'>;
  change: Change & { user: Who };
}

/**
 * The values of the event's row, in the column order (finding_id, user_id, username, from_state, to_state,
 * from_assignee, to_assignee, note).
 */
export const eventValues = ({ event: e, change }: FindingRecords) => [
  change.entityId,
  change.user.id,
  change.user.username,
  e.from_state,
  e.to_state,
  e.from_assignee,
  e.to_assignee,
  e.note,
];

/** The author of what a run does to findings. */
export const runUser = (runId: number): Who => ({ id: null, username: `verifica n. ${runId}` });

/** A run moves finding `id` from `from` to `to` (not reproduced, or reproduced again). */
export const runTransitionRecords = (
  runId: number,
  id: number,
  from: FindingState,
  to: FindingState,
  note: string,
): FindingRecords => ({
  event: { from_state: from, to_state: to, from_assignee: null, to_assignee: null, note },
  change: {
    entity: 'audit_finding',
    entityId: id,
    user: runUser(runId),
    before: { state: from },
    after: { state: to },
  },
});

/** What a user's change makes of `current`: throws when the workflow forbids it. */
export function patchOutcome(current: FindingItem, change: FindingChange) {
  const problem = transitionProblem(current.state, change.state, change.note);
  if (problem) throw invalidError(problem.message, [problem], 'invalid_transition');
  const state = change.state ?? current.state;
  const assignee = change.assignee === undefined ? current.assignee : change.assignee;
  const note = change.note?.trim() || null;
  const unchanged = state === current.state && assignee === current.assignee && !note;
  return { state, assignee, note, unchanged };
}

/** A user's change of `current` to `state` and `assignee`, with a note. */
export const patchRecords = (
  user: User,
  current: FindingItem,
  { state, assignee, note }: { state: FindingState; assignee: string | null; note: string | null },
): FindingRecords => ({
  event: { from_state: current.state, to_state: state, from_assignee: current.assignee, to_assignee: assignee, note },
  change: {
    entity: 'audit_finding',
    entityId: current.id,
    user,
    before: { state: current.state, assignee: current.assignee },
    after: { state, assignee, note },
  },
});

/** Finding `f` assigned to `assignee` among others at once. */
export const bulkAssignRecords = (user: User, f: FindingItem, assignee: string | null): FindingRecords => ({
  event: {
    from_state: f.state,
    to_state: f.state,
    from_assignee: f.assignee,
    to_assignee: assignee,
    note: 'assegnazione multipla',
  },
  change: { entity: 'audit_finding', entityId: f.id, user, before: { assignee: f.assignee }, after: { assignee } },
});
