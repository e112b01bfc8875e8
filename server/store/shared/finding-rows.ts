// Audit findings and runs as both engines store them: the columns read, and the conversion of their rows (JSON
// columns as text) to the domain's objects.
import type { AuditRun, FindingDraft, FindingItem, RunSummary } from '../audit.ts';

export const ITEM_COLUMNS = `id, comune, rule, year, unit_id, building_id, parcel_id, subject_id, foglio, amount_eur,
  claimable_eur,
  state, assignee, evidence, version, first_seen_run, last_seen_run, updated_at`;

export type ItemRow = Omit<FindingItem, 'evidence' | 'etag'> & { evidence: string };

export const findingEtag = (f: { id: number; version: number }) => `"f${f.id}-v${f.version}"`;

export function toItem(r: ItemRow): FindingItem {
  return { ...r, evidence: JSON.parse(r.evidence) as Record<string, unknown>, etag: findingEtag(r) };
}

/** The identity of a finding's object: its unit, else its parcel, else its building. */
export function objectKey(d: FindingDraft): string {
  if (d.unit_id !== null) return `u${d.unit_id}`;
  if (d.parcel_id !== null) return `p${d.parcel_id}`;
  if (d.building_id !== null) return `b${d.building_id}`;
  throw new Error(`segnalazione della regola ${d.rule} senza oggetto`);
}

export interface RunRow {
  id: number;
  comune: string;
  years: string;
  as_of: string;
  status: AuditRun['status'];
  progress: number;
  username: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  summary: string | null;
}

export function toRun(r: RunRow): AuditRun {
  return {
    ...r,
    years: JSON.parse(r.years) as number[],
    summary: r.summary ? (JSON.parse(r.summary) as RunSummary) : null,
  };
}
