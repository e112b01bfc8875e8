// Rule 3: TARI declared on a surface below 80% of the unit's superficie catastale (escluse aree scoperte)
// → under-declared (c. 646 L. 147/2013; infedele dichiarazione, c. 697).
import { eur, num } from '../../domain/tax/money.ts';
import type { TariCase } from '../../domain/tax/types.ts';
import type { FindingDraft } from '../../store/audit.ts';
import type { TariPosition } from '../../store/audit-candidates.ts';
import { type SharedReadRule, unitRef } from './rule.ts';
import { tariFinding } from './tari-finding.ts';
import { type UnitPage, unitPageRead } from './unit-page-read.ts';

/** The superficie the c. 646 floor is taken on: escluse aree scoperte when known. */
export const cadastralSurface = (p: Pick<TariPosition, 'superficie_catastale' | 'superficie_escluse_scoperte'>) =>
  p.superficie_escluse_scoperte ?? p.superficie_catastale;

/** Pure decision: the declared surface is below 80% of the cadastral one. */
export function underDeclaredSurface(
  p: Pick<TariPosition, 'surface' | 'superficie_catastale' | 'superficie_escluse_scoperte'>,
): boolean {
  const s = cadastralSurface(p);
  return s !== null && p.surface < 0.8 * s;
}

function caseOf(p: TariPosition, year: number): TariCase | null {
  if (p.kind === 'non_domestica' && p.category_code === null) return null;
  return {
    year,
    kind: p.kind,
    surface_m2: p.surface,
    from: p.from,
    to: p.to,
    ...(p.kind === 'domestica' ? { occupants: Math.max(1, p.occupants ?? 1) } : { category: p.category_code! }),
  };
}

export const rule3: SharedReadRule<UnitPage> = {
  rule: 3,
  title: "Superficie TARI inferiore all'80% della catastale",
  read: unitPageRead,
  decide(ctx, page) {
    const { tari } = page;
    // One finding per unit and taxpayer: the periods of the year (positions) summed.
    const groups = new Map<string, TariPosition[]>();
    for (const p of page.tariBelowCadastre) {
      if (!underDeclaredSurface(p)) continue;
      const key = `${p.unit_id}:${p.subject_id}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const drafts: FindingDraft[] = [];
    for (const positions of groups.values()) {
      const p = positions[0]!;
      const periods = positions.flatMap((x) => {
        const c = caseOf(x, ctx.year);
        if (!c) return [];
        const declared = tari(c);
        const due = tari({ ...c, superficie_catastale: cadastralSurface(x)! });
        return [{ position: x, declared, due }];
      });
      const shortfall = periods.reduce((a, x) => a + x.due.total - x.declared.total, 0);
      const s = cadastralSurface(p)!;
      drafts.push(
        tariFinding(
          3,
          ctx,
          p,
          shortfall,
          'infedele_dichiarazione',
          {
            summary:
              `TARI ${ctx.year} su ${num(p.surface)} m² dichiarati, meno dell'80% dei ${num(s)} m² catastali ` +
              `(unità ${unitRef(p)}): differenza ${eur(shortfall)} €`,
            codice_fiscale: p.codice_fiscale,
            taxpayer: p.name,
            cadastre: {
              foglio: p.foglio,
              particella: p.particella,
              subalterno: p.subalterno,
              categoria: p.categoria,
              superficie_catastale: p.superficie_catastale,
              superficie_escluse_scoperte: p.superficie_escluse_scoperte,
            },
            declared: periods.map((x) => ({
              kind: x.position.kind,
              surface: x.position.surface,
              occupants: x.position.occupants,
              category: x.position.category_code,
              from: x.position.from,
              to: x.position.to,
              total: x.declared.total,
            })),
            computed: periods.map((x) => ({ surface: x.due.surface_m2, days: x.due.days, total: x.due.total })),
            difference: Math.round(shortfall * 100) / 100,
          },
          periods.flatMap((x) => x.due.steps),
        ),
      );
    }
    return drafts;
  },
};
