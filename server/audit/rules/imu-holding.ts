// The IMU side shared by rules 1, 2 and 5: a unit holding as the engine's cases (one per right row, as
// c. 761 counts months per holding), the engine's figures for it (memoised per rule and year), and the
// finding with its evidence.
import { computeImu } from '../../domain/tax/index.ts';
import { cents } from '../../domain/tax/money.ts';
import type { ImuCase, ImuResult } from '../../domain/tax/types.ts';
import type { FindingDraft } from '../../store/audit.ts';
import type { HoldingPeriod, UnitHolding } from '../../store/audit-candidates.ts';
import { claimOf, type Violation } from '../claim.ts';
import { memoized } from '../memo.ts';
import type { AuditRates, RuleContext } from './rule.ts';

const PERTINENZE = new Set(['C/2', 'C/6', 'C/7']);

export const isPertinenza = (h: Pick<UnitHolding, 'categoria'>) => PERTINENZE.has(h.categoria);

/** Whether the facts support a main-home claim: residence for a dwelling, a held home for a pertinenza (c. 741). */
export function mainHomeSupported(h: Pick<UnitHolding, 'categoria' | 'periods'>): boolean {
  return h.periods.some((p) => (isPertinenza(h) ? p.home_categoria !== null : p.resident));
}

/** The case the cadastre, the rights and the residence register make for one period (never the declaration). */
export function imuCaseOf(h: Pick<UnitHolding, 'categoria' | 'rendita'>, p: HoldingPeriod, year: number): ImuCase {
  const pertinenza = isPertinenza(h) && p.home_categoria !== null;
  return {
    year,
    object: { kind: 'fabbricato', categoria: h.categoria, rendita: h.rendita },
    share: p.share,
    period: { from: p.from, to: p.to },
    flags: {
      main_home: p.resident && !isPertinenza(h),
      main_home_pertinenza: pertinenza,
      pertinenza_rank: p.pertinenza_rank,
      ...(p.home_categoria ? { main_home_categoria: p.home_categoria } : {}),
    },
  };
}

/** The engine's figures for each period of a holding, and their total. */
export interface HoldingTax {
  tax: number;
  periods: { period: HoldingPeriod; result: ImuResult }[];
}

/** computeImu on the comune's delibere, memoised within one rule and year, summed over a holding's periods. */
export function holdingTaxCalculator(rates: AuditRates, year: number): (h: UnitHolding) => HoldingTax {
  const source = { delibere: rates.delibere };
  // Keyed on what imuCaseOf reads (the year is this calculator's): stringifying every case cost a tenth of a run.
  const imu = memoized(
    ({ c }: { c: ImuCase; key: string }) => computeImu(c, source),
    ({ key }) => key,
  );
  return (h) => {
    const periods = h.periods.map((period) => {
      const key = [
        h.categoria,
        h.rendita,
        period.share,
        period.from,
        period.to,
        period.resident,
        period.home_categoria,
        period.pertinenza_rank,
      ].join('|');
      return { period, result: imu({ c: imuCaseOf(h, period, year), key }) };
    });
    return { tax: cents(periods.reduce((a, p) => a + p.result.tax, 0)), periods };
  };
}

/** What the auditor shows the taxpayer for an IMU holding: cadastre, rights, residence, declared vs computed. */
export function holdingEvidence(h: UnitHolding, computed: HoldingTax, summary: string): Record<string, unknown> {
  const paid = h.position?.paid ?? 0;
  return {
    summary,
    codice_fiscale: h.codice_fiscale,
    taxpayer: h.name,
    cadastre: {
      foglio: h.foglio,
      particella: h.particella,
      subalterno: h.subalterno,
      categoria: h.categoria,
      rendita: h.rendita,
    },
    declared: h.position
      ? { main_home: h.position.main_home, share: h.position.share, months: h.position.months, due: h.position.due }
      : null,
    computed: computed.periods.map(({ period: p, result: r }) => ({
      right: p.right,
      from: p.from,
      to: p.to,
      resident: p.resident,
      home_categoria: p.home_categoria,
      base: r.base,
      months: r.months,
      share: p.share,
      rate_percent: r.rate_percent,
      exempt: r.exempt,
      due: r.tax,
      f24: r.f24,
    })),
    due: computed.tax,
    paid,
    difference: cents(computed.tax - paid),
  };
}

/** The finding of an IMU rule on a holding: the year's shortfall, what can be claimed, evidence and steps. */
export function holdingFinding(
  rule: number,
  ctx: RuleContext,
  h: UnitHolding,
  computed: HoldingTax,
  shortfall: number,
  violation: Violation,
  summary: string,
): FindingDraft {
  const amount = cents(shortfall);
  const claim = claimOf(amount, ctx.year, 'IMU', violation, ctx.asOf, ctx.rates.spread);
  return {
    rule,
    year: ctx.year,
    unit_id: h.unit_id,
    building_id: h.building_id,
    parcel_id: null,
    subject_id: h.subject_id,
    amount_eur: amount,
    claimable_eur: claim.claimable_eur,
    evidence: holdingEvidence(h, computed, summary),
    steps: [...computed.periods.flatMap((p) => p.result.steps), ...claim.steps],
  };
}
