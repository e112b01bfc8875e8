// The one read of the comune's units per run that rules 1 to 5 decide on: a page of units at a time, each
// year's facts with that year's IMU and TARI calculators (memoised across the rules and pages of the run).
import type { TariCase, TariResult } from '../../domain/tax/types.ts';
import type { ResidentUnit, TariPosition, UnitHolding } from '../../store/audit-candidates.ts';
import { type HoldingTax, holdingTaxCalculator } from './imu-holding.ts';
import type { SharedRead } from './rule.ts';
import { tariCalculator } from './tari-finding.ts';

export interface UnitPage {
  holdings: UnitHolding[];
  taxOf: (h: UnitHolding) => HoldingTax;
  /** The year's TARI engine on the comune's tariffs (memoised across the run's pages). */
  tari: (c: TariCase) => TariResult;
  tariBelowCadastre: TariPosition[];
  residentUnitsWithoutTari: ResidentUnit[];
}

export const unitPageRead: SharedRead<UnitPage> = {
  async *pages(contexts) {
    const [first] = contexts;
    if (!first) return;
    const years = new Map(
      contexts.map((ctx) => [
        ctx.year,
        { ctx, taxOf: holdingTaxCalculator(ctx.rates, ctx.year), tari: tariCalculator(ctx.rates) },
      ]),
    );
    for await (const page of first.facts.unitPages(first.comune, [...years.keys()])) {
      yield page.map(({ year, ...facts }) => {
        const { ctx, taxOf, tari } = years.get(year)!;
        return { ctx, page: { ...facts, taxOf, tari } };
      });
    }
  },
};
