// Rule 5: the main-home exemption (c. 740–741) claimed by an owner who is not resident in the unit
// (or, for a pertinenza, lives in no dwelling of the comune) → the tax of an ordinary building is owed.
import { eur } from '../../domain/tax/money.ts';
import type { UnitHolding } from '../../store/audit-candidates.ts';
import { holdingFinding, mainHomeSupported } from './imu-holding.ts';
import { type SharedReadRule, unitRef } from './rule.ts';
import { type UnitPage, unitPageRead } from './unit-page-read.ts';

/** Pure decision: the tax owed without the claimed exemption, or null when the claim stands. */
export function unduePrincipalHome(
  h: Pick<UnitHolding, 'position' | 'categoria' | 'periods'>,
  computed: { tax: number },
): number | null {
  if (!h.position?.main_home || mainHomeSupported(h)) return null;
  const shortfall = computed.tax - h.position.paid;
  return shortfall > 0 ? shortfall : null;
}

export const rule5: SharedReadRule<UnitPage> = {
  rule: 5,
  title: 'Esenzione abitazione principale senza residenza',
  read: unitPageRead,
  decide(ctx, { holdings, taxOf }) {
    return holdings.flatMap((h) => {
      // the engine is not needed for a claim that stands
      if (!h.position?.main_home || mainHomeSupported(h)) return [];
      const computed = taxOf(h);
      const shortfall = unduePrincipalHome(h, computed);
      if (shortfall === null) return [];
      return [
        holdingFinding(
          5,
          ctx,
          h,
          computed,
          shortfall,
          'omesso_versamento',
          `Esenzione abitazione principale ${ctx.year} dichiarata da ${h.name}, non residente nell'unità ` +
            `${unitRef(h)}: dovuti ${eur(shortfall)} €`,
        ),
      ];
    });
  },
};
