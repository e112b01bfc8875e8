// Rule 2: IMU paid below the amount computed from the cadastre (rendita at 1 January, rights, residence)
// → insufficiente versamento (D.Lgs. 471/1997 art. 13).
import { eur } from '../../domain/tax/money.ts';
import type { UnitHolding } from '../../store/audit-candidates.ts';
import { holdingFinding, mainHomeSupported } from './imu-holding.ts';
import { type SharedReadRule, TOLERANCE_EUR, unitRef } from './rule.ts';
import { type UnitPage, unitPageRead } from './unit-page-read.ts';

/**
 * Pure decision: the shortfall of a declared holding, or null. A main-home claim the facts do not support
 * is rule 5's finding, not this one's.
 */
export function imuShortfall(
  h: Pick<UnitHolding, 'position' | 'categoria' | 'periods'>,
  computed: { tax: number },
): number | null {
  if (!h.position) return null;
  if (h.position.main_home && !mainHomeSupported(h)) return null;
  const shortfall = computed.tax - h.position.paid;
  return shortfall > TOLERANCE_EUR ? shortfall : null;
}

export const rule2: SharedReadRule<UnitPage> = {
  rule: 2,
  title: 'IMU versata inferiore al dovuto',
  read: unitPageRead,
  decide(ctx, { holdings, taxOf }) {
    return holdings.flatMap((h) => {
      if (!h.position) return [];
      const computed = taxOf(h);
      const shortfall = imuShortfall(h, computed);
      if (shortfall === null) return [];
      return [
        holdingFinding(
          2,
          ctx,
          h,
          computed,
          shortfall,
          'omesso_versamento',
          `IMU ${ctx.year} versata ${eur(h.position!.paid)} € su ${eur(computed.tax)} € dovuti da catasto ` +
            `(unità ${unitRef(h)})`,
        ),
      ];
    });
  },
};
