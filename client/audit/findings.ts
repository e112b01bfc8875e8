// The tax office's worklist against /api/audit (issue 7, sections 5–6): filters as query strings, pages of
// findings, the workflow change with If-Match, bulk assignment, history and the dashboard's aggregates.

import type { FindingWire } from '../../server/audit/audit-routes.ts';
import { FINDING_STATES, type FindingState } from '../../server/domain/audit/workflow.ts';
import type { AuditSummary, FindingChange, FindingEvent } from '../../server/store/audit.ts';
import { api } from '../lib/api.ts';
import type { Step } from '../tax/steps.ts';

export { RULE_TITLES as RULE_LABELS } from '../../server/audit/rule-titles.ts';
export { FINDING_STATES, type FindingState, STATE_LABELS } from '../../server/domain/audit/workflow.ts';
export type { Aggregate, AuditSummary, FindingChange, FindingEvent } from '../../server/store/audit.ts';

/** States a user may set; non_piu_riscontrato is a run's verdict. Which transition is allowed is the server's call
 * (server/audit/workflow.ts), and its refusal names the allowed ones. */
export const USER_STATES = FINDING_STATES.filter((s) => s !== 'non_piu_riscontrato');

/** A finding as the list and the detail routes send it (server/audit/audit-routes.ts), without the steps. */
export type FindingItem = FindingWire;
export interface Finding extends FindingItem {
  steps: Step[];
}

export interface Filters {
  comune: string;
  rule: string;
  year: string;
  state: string;
  /** A username; '-' = nobody assigned; '' = anyone. */
  assignee: string;
  min_eur: string;
  foglio: string;
  /** W,S,E,N of the area drawn on the map. */
  bbox: [number, number, number, number] | null;
}

export const emptyFilters = (comune: string): Filters => ({
  comune,
  rule: '',
  year: '',
  state: '',
  assignee: '',
  min_eur: '',
  foglio: '',
  bbox: null,
});

export interface FilterValues {
  rule?: number;
  year?: number;
  state?: FindingState;
  assignee?: string;
  min_eur?: number;
  foglio?: string;
}

/** The filled-in filters as the API takes them (also the export's `findings`); '-' asks for the unassigned. */
export function filterValues(f: Filters): FilterValues {
  const v: FilterValues = {};
  const num = (s: string) => Number(s.trim().replace(',', '.'));
  if (f.rule.trim()) v.rule = num(f.rule);
  if (f.year.trim()) v.year = num(f.year);
  if (f.state) v.state = f.state as FindingState;
  if (f.assignee.trim()) v.assignee = f.assignee.trim() === '-' ? '' : f.assignee.trim();
  if (f.min_eur.trim()) v.min_eur = num(f.min_eur);
  if (f.foglio.trim()) v.foglio = f.foglio.trim();
  return v;
}

/** The filters as the query string of /api/audit/findings and /api/audit/findings.csv. */
export function filterQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams({ comune: f.comune });
  for (const [k, v] of Object.entries(filterValues(f))) q.set(k, String(v));
  if (f.bbox) q.set('bbox', f.bbox.map((n) => n.toFixed(6)).join(','));
  return q;
}

export const PAGE_SIZE = 100;

export async function listFindings(
  f: Filters,
  cursor: string | null,
): Promise<{ items: FindingItem[]; next: string | null }> {
  const q = filterQuery(f);
  q.set('limit', String(PAGE_SIZE));
  if (cursor) q.set('cursor', cursor);
  return (await api<{ items: FindingItem[]; next: string | null }>(`/api/audit/findings?${q}`)).data;
}

export const csvUrl = (f: Filters) => `/api/audit/findings.csv?${filterQuery(f)}`;

export async function getFinding(id: number): Promise<{ finding: Finding; etag: string }> {
  const r = await api<Finding>(`/api/audit/findings/${id}`);
  return { finding: r.data, etag: r.etag ?? r.data.etag };
}

/** Optimistic locking: the change carries the ETag read with the finding; a 412 means someone saved first. */
export async function patchFinding(
  id: number,
  etag: string,
  change: FindingChange,
): Promise<{ finding: Finding; etag: string }> {
  const r = await api<Finding>(`/api/audit/findings/${id}`, {
    method: 'PATCH',
    json: change,
    headers: { 'If-Match': etag },
  });
  return { finding: r.data, etag: r.etag ?? r.data.etag };
}

export const findingHistory = async (id: number) =>
  (await api<FindingEvent[]>(`/api/audit/findings/${id}/history`)).data;

export async function bulkAssign(ids: number[], assignee: string | null): Promise<number> {
  return (
    await api<{ updated: number }>('/api/audit/findings/bulk-assign', { method: 'POST', json: { ids, assignee } })
  ).data.updated;
}

export const auditSummary = async (comune: string) =>
  (await api<AuditSummary>(`/api/audit/summary?comune=${encodeURIComponent(comune)}`)).data;

/** The search query ("foglio/particella") that finds a finding's parcel on the map, from the rule's evidence. */
export function parcelQuery(f: FindingItem): string | null {
  const c = f.evidence.cadastre as { foglio?: unknown; particella?: unknown } | undefined;
  return c && typeof c.foglio === 'string' && typeof c.particella === 'string' ? `${c.foglio}/${c.particella}` : null;
}

/** Keyboard navigation of the list: arrows move within it, Home/End jump; other keys leave it unchanged. */
export function moveSelection(key: string, current: number, length: number): number {
  if (length === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(current + 1, length - 1);
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return current;
  }
}
