// What every audit rule is: candidates read through the store for one comune and year, a pure decision
// per candidate, and for each anomaly the evidence and the € per year from the tax engine.
import type { ImuDelibera, TariTariff } from '../../domain/tax/types.ts';
import type { AuditCandidates } from '../../store/audit-candidates.ts';
import type { FindingDraft } from '../../store/audit.ts';

/** The comune's rates the engine needs, loaded once per run. */
export interface AuditRates {
  delibere: ImuDelibera[];
  tariffs: TariTariff[];
  /** €/m² of building land at 1 January of the year, by zoning code. */
  landValues: Record<string, number>;
  /** Points over the legal interest rate (c. 165 L. 296/2006). */
  spread: number;
}

export interface RuleContext {
  comune: string;
  year: number;
  /** Every year of the run (facts of today, like rule 6, are reported once, in the latest). */
  years: number[];
  /** The date sanctions and interest are computed to (the run date). */
  asOf: string;
  facts: AuditCandidates;
  rates: AuditRates;
}

export interface AuditRule {
  rule: number;
  title: string;
  /** The rule's findings for ctx.year, in batches so that a run never holds a whole comune in memory. */
  findings(ctx: RuleContext): AsyncIterable<FindingDraft[]>;
}

/** A shortfall up to this many euro is rounding (F24 lines may be paid to the euro: 0,50 on each of two
 * instalments), not an anomaly. */
export const TOLERANCE_EUR = 1;
