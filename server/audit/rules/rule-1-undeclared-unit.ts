// Rule 1: a unit in the cadastre held by a taxpayer who filed no IMU position for it, and not exempt
// → undeclared property (omessa dichiarazione, c. 775 L. 160/2019).

import { eur } from '../../domain/tax/money.ts';
import type { UnitHolding } from '../../store/audit-candidates.ts';
import { holdingFinding } from './imu-holding.ts';
import { type SharedReadRule, TOLERANCE_EUR, unitRef } from './rule.ts';
import { type UnitPage, unitPageRead } from './unit-page-read.ts';

/** Pure decision: the tax the engine finds on an undeclared holding, or null when nothing is owed. */
export function undeclaredTax(
  h: Pick<UnitHolding, 'position' | 'public_owner'>,
  computed: { tax: number },
): number | null {
  if (h.position !== null) return null;
  // c. 759: the comune's own property is exempt.
  if (h.public_owner !== null) return null;
  return computed.tax > TOLERANCE_EUR ? computed.tax : null;
}

export const rule1: SharedReadRule<UnitPage> = {
  rule: 1,
  title: 'Unità non dichiarata ai fini IMU',
  read: unitPageRead,
  decide(ctx, { holdings, taxOf }) {
    return holdings.flatMap((h) => {
      if (h.position !== null || h.public_owner !== null) return [];
      const computed = taxOf(h);
      const tax = undeclaredTax(h, computed);
      if (tax === null) return [];
      return [
        holdingFinding(
          1,
          ctx,
          h,
          computed,
          tax,
          'omessa_dichiarazione',
          `Unità ${unitRef(h)} posseduta senza posizione IMU ` + `${ctx.year}: imposta dovuta ${eur(tax)} €`,
        ),
      ];
    });
  },
};
