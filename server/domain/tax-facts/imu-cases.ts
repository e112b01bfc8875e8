// From the stored facts to the engine's IMU cases (pure, no I/O): which case the law gives for each
// taxpayer right held in an object in a year. The dossier and the audit read the facts the same way, so the
// figure an auditor shows is the figure the audit claims. The tax itself is computed only by the engine.

import type { CadastralVersion, HeldRight, HolderResidence, Zoning } from '../../store/tax-facts.ts';
import { cents } from '../tax/money.ts';
import type { ImuCase, ImuFlags } from '../tax/types.ts';

export interface FactCase {
  right: HeldRight;
  imu: ImuCase;
}

/** The part of a right inside the year, or null. */
export function periodInYear(
  r: { valid_from: string; valid_to: string | null },
  year: number,
): { from: string; to: string } | null {
  const from = r.valid_from > `${year}-01-01` ? r.valid_from : `${year}-01-01`;
  const to = r.valid_to === null || r.valid_to > `${year}-12-31` ? `${year}-12-31` : r.valid_to;
  return from <= to ? { from, to } : null;
}

const isDwelling = (c: string) => c.startsWith('A/') && c !== 'A/10';
const isPertinenzaCategory = (c: string) => c === 'C/2' || c === 'C/6' || c === 'C/7';
const covers = (r: HolderResidence, p: { from: string; to: string }) =>
  (r.since ?? '0000-01-01') <= p.from && (r.until === null || r.until >= p.to);

export interface UnitFactsInYear {
  unit_id: number;
  building_id: number | null;
  public_owner: string | null;
  /** In force on 1 January (c. 745). */
  cadastre: CadastralVersion | null;
  rights: HeldRight[];
  holder_residences: HolderResidence[];
}

/**
 * One case per taxpayer right in the year. Main home (c. 740): the holder is resident in the unit over the
 * whole period held. A C/2, C/6, C/7 is the main home's pertinenza when the holder is resident, over the
 * period, in a dwelling of the same building; `rank` places it among that holder's pertinenze of its
 * category (1 = the exempt one; default 1). The comune's own units (c. 759) and units without a rendita
 * give no case.
 */
export function unitImuCases(
  u: UnitFactsInYear,
  year: number,
  rank: (subjectId: number, categoria: string, unitId: number) => number = () => 1,
): FactCase[] {
  const c = u.cadastre;
  if (u.public_owner || !c || c.rendita === null) return [];
  const out: FactCase[] = [];
  for (const right of u.rights) {
    const period = right.taxpayer ? periodInYear(right, year) : null;
    if (!period) continue;
    const mine = u.holder_residences.filter((r) => r.subject_id === right.subject_id && covers(r, period));
    const flags: ImuFlags = {};
    if (isDwelling(c.categoria)) {
      flags.main_home = mine.some((r) => r.unit_id === u.unit_id);
    } else if (isPertinenzaCategory(c.categoria)) {
      const home = mine.find(
        (r) => r.unit_id !== u.unit_id && r.building_id === u.building_id && isDwelling(r.categoria),
      );
      if (home) {
        Object.assign(flags, {
          main_home_pertinenza: true,
          pertinenza_rank: rank(right.subject_id, c.categoria, u.unit_id),
          main_home_categoria: home.categoria,
        });
      }
    }
    out.push({
      right,
      imu: {
        year,
        object: { kind: 'fabbricato', categoria: c.categoria, rendita: c.rendita },
        share: right.share,
        period,
        flags,
      },
    });
  }
  return out;
}

export interface ParcelFactsInYear {
  rights: HeldRight[];
  superficie: number | null;
  reddito_dominicale: number | null;
  zoning: Zoning | null;
}

/**
 * One case per taxpayer right in the year on a land parcel: building land (c. 746) at the comune's
 * reference value (€/m² of its zoning area at 1 January) × surface when the zoning allows building and a
 * value is set; otherwise agricultural land on its reddito dominicale.
 */
export function parcelImuCases(p: ParcelFactsInYear, year: number, eurPerM2: number | null): FactCase[] {
  const value =
    p.zoning?.buildable && eurPerM2 !== null && p.superficie !== null ? cents(eurPerM2 * p.superficie) : null;
  if (value === null && p.reddito_dominicale === null) return [];
  const out: FactCase[] = [];
  for (const right of p.rights) {
    const period = right.taxpayer ? periodInYear(right, year) : null;
    if (!period) continue;
    out.push({
      right,
      imu: {
        year,
        share: right.share,
        period,
        flags: {},
        object:
          value !== null
            ? { kind: 'area_fabbricabile', valore_venale: value }
            : { kind: 'terreno_agricolo', reddito_dominicale: p.reddito_dominicale! },
      },
    });
  }
  return out;
}
