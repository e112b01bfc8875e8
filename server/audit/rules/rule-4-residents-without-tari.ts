// Rule 4: a unit with registered residents and no TARI position for the year → missing TARI (omessa
// dichiarazione, c. 696 L. 147/2013), on 80% of the superficie catastale (c. 646) and the occupants present.
import { eur, num } from '../../domain/tax/money.ts';
import type { ResidentUnit } from '../../store/audit-candidates.ts';
import { occupancy } from './occupancy.ts';
import { type SharedReadRule, unitRef } from './rule.ts';
import { tariFinding } from './tari-finding.ts';
import { type UnitPage, unitPageRead } from './unit-page-read.ts';

/** Pure decision: someone lived there during the year and nobody declared TARI for it. */
export function missingTari(u: Pick<ResidentUnit, 'residents'>, tariPositions = 0): boolean {
  return tariPositions === 0 && u.residents.some((r) => r.from <= r.to);
}

/** The household's head for the notice: the longest-standing resident (earliest arrival, then lowest id). */
export function intestatario(u: Pick<ResidentUnit, 'residents'>) {
  return [...u.residents].sort((a, b) => a.from.localeCompare(b.from) || a.subject_id - b.subject_id)[0]!;
}

export const rule4: SharedReadRule<UnitPage> = {
  rule: 4,
  title: 'Residenti senza posizione TARI',
  read: unitPageRead,
  decide(ctx, page) {
    const { tari } = page;
    return page.residentUnitsWithoutTari
      .filter((u) => missingTari(u))
      .map((u) => {
        const surface = u.superficie_escluse_scoperte ?? u.superficie_catastale ?? 0;
        const periods = occupancy(u.residents).map((o) => ({
          ...o,
          result: tari({
            year: ctx.year,
            kind: 'domestica',
            surface_m2: 0,
            superficie_catastale: surface,
            occupants: o.residents.length,
            from: o.from,
            to: o.to,
          }),
        }));
        const due = periods.reduce((a, p) => a + p.result.total, 0);
        const head = intestatario(u);
        return tariFinding(
          4,
          ctx,
          { unit_id: u.unit_id, building_id: u.building_id, subject_id: head.subject_id },
          due,
          'omessa_dichiarazione',
          {
            summary:
              `Unità ${unitRef(u)} con residenti nel ${ctx.year} e nessuna posizione TARI: dovuti ${eur(due)} € ` +
              `su ${num(surface * 0.8)} m² (80% della catastale)`,
            codice_fiscale: head.codice_fiscale,
            taxpayer: head.name,
            cadastre: {
              foglio: u.foglio,
              particella: u.particella,
              subalterno: u.subalterno,
              categoria: u.categoria,
              superficie_catastale: u.superficie_catastale,
              superficie_escluse_scoperte: u.superficie_escluse_scoperte,
            },
            residents: u.residents.map((r) => ({
              codice_fiscale: r.codice_fiscale,
              name: r.name,
              from: r.from,
              to: r.to,
            })),
            declared: null,
            computed: periods.map((p) => ({
              from: p.from,
              to: p.to,
              occupants: p.residents.length,
              surface: p.result.surface_m2,
              days: p.result.days,
              total: p.result.total,
            })),
            difference: Math.round(due * 100) / 100,
          },
          periods.flatMap((p) => p.result.steps),
        );
      });
  },
};
