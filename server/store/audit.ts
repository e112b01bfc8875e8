// The tax audit's storage boundary: runs, findings and their workflow. Every read of findings is a read
// of personal data (tax positions of named subjects) and is logged by the implementation.
import type { FindingState } from '../domain/audit/workflow.ts';
import type { BBox } from '../domain/geometry/types.ts';
import type { Step } from '../domain/tax/types.ts';
import type { User } from '../domain/users/user.ts';
import type { AuditCandidates } from './audit-candidates.ts';

/** What a rule produces for one object, subject and year. */
export interface FindingDraft {
  rule: number;
  year: number;
  unit_id: number | null;
  building_id: number | null;
  parcel_id: number | null;
  subject_id: number | null;
  /** The year's shortfall in €; null when there is no tax base (rule 6). */
  amount_eur: number | null;
  /** Shortfall + sanction + interest at the run date; 0 when the year is time-barred. */
  claimable_eur: number;
  evidence: Record<string, unknown>;
  steps: Step[];
}

export interface Finding extends FindingDraft {
  id: number;
  comune: string;
  foglio: string | null;
  state: FindingState;
  assignee: string | null;
  version: number;
  etag: string;
  first_seen_run: number;
  last_seen_run: number;
  updated_at: string;
}

/** A finding in a list: everything but the engine's steps. */
export type FindingItem = Omit<Finding, 'steps'>;

export interface FindingFilter {
  comune: string;
  rule?: number;
  year?: number;
  state?: FindingState;
  /** A username, or '' for findings nobody is assigned to. */
  assignee?: string;
  min_eur?: number;
  bbox?: BBox;
  foglio?: string;
  limit: number;
  cursor?: string;
}

export interface FindingEvent {
  id: number;
  at: string;
  username: string;
  from_state: FindingState | null;
  to_state: FindingState | null;
  from_assignee: string | null;
  to_assignee: string | null;
  note: string | null;
}

export interface FindingChange {
  state?: FindingState;
  assignee?: string | null;
  note?: string;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';
export interface RunTally {
  rule: number;
  year: number;
  findings: number;
  amount_eur: number;
  claimable_eur: number;
}
export interface RunSummary {
  tally: RunTally[];
  added: number;
  seen_again: number;
  reopened: number;
  not_reproduced: number;
  seconds: number;
}
export interface AuditRun {
  id: number;
  comune: string;
  years: number[];
  as_of: string;
  status: RunStatus;
  progress: number;
  username: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  summary: RunSummary | null;
}

export interface Aggregate {
  key: string | number;
  findings: number;
  claimable_eur: number;
}
export interface AuditSummary {
  comune: string;
  last_run: AuditRun | null;
  /** € over the live states (da_verificare, in_istruttoria, accertato). */
  by_rule: Aggregate[];
  by_year: Aggregate[];
  by_foglio: Aggregate[];
  /** Every state, with counts and €: the pipeline. */
  by_state: Aggregate[];
}

/** An anomaly or a finding reduced to what scoring compares: rule, year (null: no year, rule 6) and object. */
export interface ScoreKey {
  rule: number;
  year: number | null;
  object: string;
}

/** Counts a batch of drafts made in the store. */
export interface SaveResult {
  added: number;
  seen_again: number;
  reopened: number;
}

export interface AuditStore {
  /** What the rules read (server/audit/rules/). */
  candidates: AuditCandidates;
  /** Runs are started by the audit job (server/audit/run-audit.ts); `user` null = the command line. One run per
   * comune at a time: 409 while another is running. */
  createRun(user: User | null, comune: string, years: number[], asOf: string): Promise<AuditRun>;
  /** At start-up: runs left running by a previous process will never finish; marks them failed, returns how many. */
  failInterruptedRuns(): Promise<number>;
  updateRun(
    id: number,
    u: { status?: RunStatus; progress?: number; summary?: RunSummary; error?: string },
  ): Promise<void>;
  /** A run of one of the user's comuni; 404 otherwise. */
  getRun(user: User, id: number): Promise<AuditRun>;
  /** Upserts one batch of a run's findings: ids, states and assignees are kept; non_piu_riscontrato reopens. */
  saveFindings(runId: number, comune: string, drafts: FindingDraft[]): Promise<SaveResult>;
  /** Marks the open findings of `years` that run `runId` did not reproduce as non_piu_riscontrato. */
  closeRun(runId: number, comune: string, years: number[]): Promise<number>;

  /** One page, sorted by claimable € (desc) then id; `next` is the cursor of the following page. */
  list(user: User, filter: FindingFilter): Promise<{ items: FindingItem[]; next: string | null }>;
  /** Every finding that matches, page by page (bounded memory), for the CSV export; checked and logged as one read
   * when called, before iterating. */
  iterate(user: User, filter: Omit<FindingFilter, 'limit' | 'cursor'>): AsyncIterable<FindingItem>;
  get(user: User, id: number): Promise<Finding>;
  /** The finding's current ETag, for checking a write's precondition before its body is read. */
  etag(user: User, id: number): Promise<string>;
  /** Optimistic locking on `ifMatch` (the finding's ETag); the workflow of workflow.ts. */
  patch(user: User, id: number, ifMatch: string, change: FindingChange): Promise<Finding>;
  bulkAssign(user: User, ids: number[], assignee: string | null): Promise<number>;
  events(user: User, id: number): Promise<FindingEvent[]>;
  summary(user: User, comune: string): Promise<AuditSummary>;
  /** The generator's injected anomalies (anomaly_truth) and the live findings of `years`, for scoring. */
  scoringKeys(comune: string, years: number[]): Promise<{ truth: ScoreKey[]; found: ScoreKey[] }>;
}

export const STALE_FINDING =
  'La segnalazione è stata modificata da un altro utente: ricaricarla e ripetere la modifica';
