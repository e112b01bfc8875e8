// The TARI side shared by rules 3 and 4: the engine on the comune's tariffs (memoised per rule and year),
// and the finding of a unit's shortfall with its claim.
import { computeTari } from '../../domain/tax/index.ts';
import { cents } from '../../domain/tax/money.ts';
import type { Step, TariCase, TariResult } from '../../domain/tax/types.ts';
import type { FindingDraft } from '../../store/audit.ts';
import { claimOf, type Violation } from '../claim.ts';
import { memoized } from '../memo.ts';
import type { AuditRates, RuleContext } from './rule.ts';

/** computeTari on the comune's tariffs, memoised within one rule and year. */
export function tariCalculator(rates: AuditRates): (c: TariCase) => TariResult {
  const source = { tariffs: rates.tariffs };
  return memoized((c: TariCase) => computeTari(c, source));
}

export interface TariObject { unit_id: number; building_id: number | null; subject_id: number }

export function tariFinding(rule: number, ctx: RuleContext, o: TariObject, shortfall: number, violation: Violation,
  evidence: Record<string, unknown>, engineSteps: Step[]): FindingDraft {
  const amount = cents(shortfall);
  const claim = claimOf(amount, ctx.year, 'TARI', violation, ctx.asOf, ctx.rates.spread);
  return {
    rule, year: ctx.year, unit_id: o.unit_id, building_id: o.building_id, parcel_id: null, subject_id: o.subject_id,
    amount_eur: amount, claimable_eur: claim.claimable_eur, evidence, steps: [...engineSteps, ...claim.steps],
  };
}
