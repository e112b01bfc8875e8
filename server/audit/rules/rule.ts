// What every audit rule is: candidates read through the store for one comune and year, a pure decision
// per candidate, and for each anomaly the evidence and the € per year from the tax engine.
import type { ImuDelibera, TariTariff } from '../../domain/tax/types.ts';
import type { FindingDraft } from '../../store/audit.ts';
import type { AuditCandidates } from '../../store/audit-candidates.ts';

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
  /** The date sanctions and interest are computed to (the run date). */
  asOf: string;
  facts: AuditCandidates;
  rates: AuditRates;
}

/** A rule that reads its own candidates. */
export interface OwnReadRule {
  rule: number;
  title: string;
  /** The rule's findings for ctx.year, in batches so that a run never holds a whole comune in memory. */
  findings(ctx: RuleContext): AsyncIterable<FindingDraft[]>;
}

/** A page of facts of one year, with that year's context. */
export interface YearPage<P> {
  ctx: RuleContext;
  page: P;
}

/**
 * Pages of facts that several rules decide on: read once per run for all its years (one context per year,
 * same comune), each year's page handed to every such rule.
 */
export interface SharedRead<P> {
  pages(contexts: RuleContext[]): AsyncIterable<YearPage<P>[]>;
}

/** A rule that decides on the pages of a shared read. */
export interface SharedReadRule<P> {
  rule: number;
  title: string;
  read: SharedRead<P>;
  decide(ctx: RuleContext, page: P): FindingDraft[];
}

export type AuditRule = OwnReadRule | SharedReadRule<unknown>;

/** How a unit is named to the taxpayer: «A/2 (fg. 3 part. 45 sub. 2)». */
export function unitRef(u: { categoria: string; foglio: string; particella: string; subalterno: string }): string {
  return `${u.categoria} (fg. ${u.foglio} part. ${u.particella} sub. ${u.subalterno})`;
}

/** A shortfall up to this many euro is rounding (F24 lines may be paid to the euro: 0,50 on each of two
 * instalments), not an anomaly. */
export const TOLERANCE_EUR = 1;
