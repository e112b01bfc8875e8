// The IMU side shared by rules 1, 2 and 5: a unit holding as the engine's case, the engine's figure for it
// (memoised per rule and year), and its evidence.
import { computeImu } from '../../domain/tax/index.ts';
import { cents } from '../../domain/tax/money.ts';
import type { ImuCase, ImuResult } from '../../domain/tax/types.ts';
import type { UnitHolding } from '../../store/audit-candidates.ts';
import type { FindingDraft } from '../../store/audit.ts';
import { claimOf, type Violation } from '../claim.ts';
import { memoized } from '../memo.ts';
import type { AuditRates, RuleContext } from './rule.ts';

const PERTINENZE = new Set(['C/2', 'C/6', 'C/7']);

/** A pertinenza can only serve the main home of a subject who lives in the comune (c. 741). */
export const isPertinenza = (h: Pick<UnitHolding, 'categoria'>) => PERTINENZE.has(h.categoria);

/** Whether the facts support a main-home claim on this unit: residence for a dwelling, a home for a pertinenza. */
export function mainHomeSupported(h: Pick<UnitHolding, 'categoria' | 'resident' | 'home_categoria'>): boolean {
  return isPertinenza(h) ? h.home_categoria !== null : h.resident;
}

/** The case the cadastre, the rights and the residence register make for this holding (never the declaration). */
export function imuCaseOf(h: UnitHolding, year: number): ImuCase {
  const pertinenza = isPertinenza(h) && h.home_categoria !== null;
  return {
    year, object: { kind: 'fabbricato', categoria: h.categoria, rendita: h.rendita }, share: h.share,
    period: { from: h.from, to: h.to },
    flags: {
      main_home: h.resident && !isPertinenza(h), main_home_pertinenza: pertinenza, pertinenza_rank: h.pertinenza_rank,
      ...(h.home_categoria ? { main_home_categoria: h.home_categoria } : {}),
    },
  };
}

/** computeImu on the comune's delibere, memoised within one rule and year. */
export function imuCalculator(rates: AuditRates): (c: ImuCase) => ImuResult {
  const source = { delibere: rates.delibere };
  return memoized((c: ImuCase) => computeImu(c, source));
}

/** What the auditor shows the taxpayer for an IMU holding: cadastre, right, residence, declared vs computed. */
export function holdingEvidence(h: UnitHolding, computed: ImuResult, summary: string): Record<string, unknown> {
  const paid = h.position?.paid ?? 0;
  return {
    summary, codice_fiscale: h.codice_fiscale, taxpayer: h.name,
    cadastre: { foglio: h.foglio, particella: h.particella, subalterno: h.subalterno, categoria: h.categoria, rendita: h.rendita },
    holding: { rights: h.rights, share: h.share, from: h.from, to: h.to, resident: h.resident, home_categoria: h.home_categoria },
    declared: h.position ? { main_home: h.position.main_home, share: h.position.share, months: h.position.months,
      due: h.position.due } : null,
    computed: { base: computed.base, months: computed.months, share: h.share, rate_percent: computed.rate_percent,
      exempt: computed.exempt, due: computed.tax, f24: computed.f24 },
    paid,
    difference: Math.round((computed.tax - paid) * 100) / 100,
  };
}

/** The finding of an IMU rule on a holding: the year's shortfall, what can be claimed, evidence and steps. */
export function holdingFinding(rule: number, ctx: RuleContext, h: UnitHolding, computed: ImuResult, shortfall: number,
  violation: Violation, summary: string): FindingDraft {
  const amount = cents(shortfall);
  const claim = claimOf(amount, ctx.year, 'IMU', violation, ctx.asOf, ctx.rates.spread);
  return {
    rule, year: ctx.year, unit_id: h.unit_id, building_id: h.building_id, parcel_id: null, subject_id: h.subject_id,
    amount_eur: amount, claimable_eur: claim.claimable_eur, evidence: holdingEvidence(h, computed, summary),
    steps: [...computed.steps, ...claim.steps],
  };
}
