// What every audit rule is: candidates read through the store for one comune and year, a pure decision
// per candidate, and for each anomaly the evidence and the € per year from the tax engine.
import type { AuditCandidates } from '../../store/audit-candidates.ts';
import type { FindingDraft } from '../../store/audit.ts';

export interface RuleContext {
  comune: string;
  year: number;
  /** Every year of the run (facts of today, like rule 6, are reported once, in the latest). */
  years: number[];
  /** The date sanctions and interest are computed to (the run date). */
  asOf: string;
  facts: AuditCandidates;
}

export interface AuditRule {
  rule: number;
  title: string;
  /** The rule's findings for ctx.year, in batches so that a run never holds a whole comune in memory. */
  findings(ctx: RuleContext): AsyncIterable<FindingDraft[]>;
}
