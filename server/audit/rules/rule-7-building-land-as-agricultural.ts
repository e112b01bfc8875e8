// Rule 7: land in a buildable zoning area declared as agricultural land → undeclared building land
// (c. 746: taxed on its market value at 1 January; infedele dichiarazione, c. 775).
import { computeImu } from '../../domain/tax/index.ts';
import { cents, eur, num } from '../../domain/tax/money.ts';
import type { ImuCase } from '../../domain/tax/types.ts';
import type { AgriculturalLand } from '../../store/audit-candidates.ts';
import { claimOf } from '../claim.ts';
import { memoized } from '../memo.ts';
import type { AuditRule } from './rule.ts';

/** Pure decision: declared as agricultural land while the zoning plan makes it buildable. */
export function buildableDeclaredAgricultural(l: Pick<AgriculturalLand, 'zone' | 'position'>): boolean {
  return l.position.kind === 'terreno_agricolo' && l.zone?.buildable === true;
}

export const rule7: AuditRule = {
  rule: 7,
  title: 'Area edificabile dichiarata come terreno agricolo',
  async *findings(ctx) {
    const imu = memoized((c: ImuCase) => computeImu(c, { delibere: ctx.rates.delibere }));
    for await (const batch of ctx.facts.agriculturalLand(ctx.comune, ctx.year)) {
      yield batch.filter(buildableDeclaredAgricultural).map((l) => {
        const perM2 = ctx.rates.landValues[l.zone!.code] ?? null;
        const value = perM2 === null ? null : cents(l.superficie * perM2);
        const computed =
          value === null
            ? null
            : imu({
                year: ctx.year,
                object: { kind: 'area_fabbricabile', valore_venale: value },
                share: l.share,
                period: { from: l.from, to: l.to },
                flags: {},
              });
        const shortfall = computed ? cents(Math.max(0, computed.tax - l.position.paid)) : null;
        const claim = claimOf(shortfall ?? 0, ctx.year, 'IMU', 'infedele_dichiarazione', ctx.asOf, ctx.rates.spread);
        return {
          rule: 7,
          year: ctx.year,
          unit_id: null,
          building_id: null,
          parcel_id: l.parcel_id,
          subject_id: l.subject_id,
          amount_eur: shortfall,
          claimable_eur: claim.claimable_eur,
          evidence: {
            summary:
              `Particella fg. ${l.foglio} n. ${l.particella} (${num(l.superficie)} m²) ` +
              `in zona ${l.zone!.code} edificabile, ` +
              `dichiarata terreno agricolo nel ${ctx.year}` +
              (shortfall === null
                ? ': valore di riferimento ' + 'della zona mancante'
                : `: differenza ${eur(shortfall)} €`),
            codice_fiscale: l.codice_fiscale,
            taxpayer: l.name,
            cadastre: {
              foglio: l.foglio,
              particella: l.particella,
              superficie: l.superficie,
              qualita: l.qualita,
              reddito_dominicale: l.reddito_dominicale,
            },
            zone: l.zone,
            holding: { share: l.share, from: l.from, to: l.to },
            declared: { kind: l.position.kind, due: l.position.due },
            computed: computed
              ? {
                  eur_per_m2: perM2,
                  value,
                  base: computed.base,
                  months: computed.months,
                  share: l.share,
                  rate_percent: computed.rate_percent,
                  due: computed.tax,
                }
              : null,
            paid: l.position.paid,
            difference: shortfall,
          },
          steps: [...(computed?.steps ?? []), ...claim.steps],
        };
      });
    }
  },
};
