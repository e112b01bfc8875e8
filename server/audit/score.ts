// Scoring the audit against the generator's ground truth (anomaly_truth): per rule and year, precision
// (findings that are injected anomalies) and recall (injected anomalies found). Objects are compared, not
// subjects: an anomaly on a unit held by three owners is one anomaly, found once or three times.
import type { ScoreKey } from '../store/audit.ts';

export interface Score { rule: number; year: number | null; truth: number; found: number; hits: number; precision: number; recall: number }

/** Rule 6 (a building missing from the cadastre) has no tax year: it is matched on the building alone. */
const keyOf = (k: ScoreKey) => `${k.rule}|${k.rule === 6 ? '' : k.year}|${k.object}`;
const groupOf = (k: ScoreKey) => `${k.rule}|${k.rule === 6 ? '' : k.year}`;

const distinct = (keys: ScoreKey[]) => new Map(keys.map((k) => [keyOf(k), k]));

export function score(truth: ScoreKey[], found: ScoreKey[]): Score[] {
  const truthKeys = distinct(truth);
  const groups = new Map<string, Score>();
  const group = (k: ScoreKey) => {
    const g = groupOf(k);
    let s = groups.get(g);
    if (!s) {
      s = { rule: k.rule, year: k.rule === 6 ? null : k.year, truth: 0, found: 0, hits: 0, precision: 1, recall: 1 };
      groups.set(g, s);
    }
    return s;
  };
  for (const k of truthKeys.values()) group(k).truth++;
  for (const [key, k] of distinct(found)) {
    const s = group(k);
    s.found++;
    if (truthKeys.has(key)) s.hits++;
  }
  return [...groups.values()]
    .map((s) => ({ ...s, precision: s.found ? s.hits / s.found : 1, recall: s.truth ? s.hits / s.truth : 1 }))
    .sort((a, b) => a.rule - b.rule || (a.year ?? 0) - (b.year ?? 0));
}
