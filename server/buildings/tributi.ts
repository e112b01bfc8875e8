// The dossier's tax section (personal data: tributi and admin only): owners with right and share, residents,
// and one line per subject and year of what the engine computes from the facts against what the subject
// declared and paid, IMU and TARI, with the difference. The tax comes from the engine only.
import { computeImu, computeTari } from '../domain/tax/index.ts';
import { cents } from '../domain/tax/money.ts';
import type { ImuDelibera, Step, TariTariff } from '../domain/tax/types.ts';
import { periodInYear, unitImuCases } from '../domain/tax-facts/imu-cases.ts';
import type { BuildingTaxFacts, CadastralVersion, RightKind, Subject, UnitFacts } from '../store/tax-facts.ts';

interface Person {
  subject_id: number;
  codice_fiscale: string;
  full_name: string;
}

export interface ImuObjectLine {
  unit_id: number;
  subalterno: string;
  categoria: string;
  right: RightKind;
  share: number;
  from: string;
  to: string;
  main_home: boolean;
  base: number;
  months: number;
  rate_percent: number;
  exempt: boolean;
  computed: number;
  declared: number | null;
  paid: number;
  steps: Step[];
}
export interface ImuYearLine extends Person {
  year: number;
  computed: number;
  declared: number;
  paid: number;
  /** paid − computed: below zero is a shortfall. */
  difference: number;
  objects: ImuObjectLine[];
}
export interface TariPremisesLine {
  unit_id: number;
  subalterno: string;
  kind: 'domestica' | 'non_domestica';
  from: string | null;
  to: string | null;
  surface: number;
  superficie_catastale: number | null;
  occupants: number | null;
  category_code: number | null;
  /** Engine on the declaration, c. 646 applied (80% of the superficie catastale when declared below it). */
  computed: number;
  steps: Step[];
}
export interface TariYearLine extends Person {
  year: number;
  computed: number;
  paid: number;
  difference: number;
  premises: TariPremisesLine[];
}

export interface TributiView {
  years: number[];
  owners: (Person & {
    unit_id: number;
    subalterno: string;
    right: RightKind;
    share_num: number;
    share_den: number;
    valid_from: string;
    valid_to: string | null;
    deed: string | null;
  })[];
  residents: (Person & { unit_id: number; subalterno: string; since: string | null; until: string | null })[];
  imu: ImuYearLine[];
  tari: TariYearLine[];
}

const overlaps = (from: string | null, to: string | null, years: number[]) =>
  (from ?? '0000') <= `${years[years.length - 1]}-12-31` && (to === null || to >= `${years[0]}-01-01`);
const versionAt = (history: CadastralVersion[], year: number) =>
  history.find((v) => v.valid_from <= `${year}-01-01` && (v.valid_to === null || v.valid_to >= `${year}-01-01`)) ??
  null;

export function tributiView(
  f: BuildingTaxFacts,
  years: number[],
  delibere: ImuDelibera[],
  tariffs: TariTariff[],
): TributiView {
  const person = (id: number): Person => {
    const s: Subject | undefined = f.subjects[id];
    return {
      subject_id: id,
      codice_fiscale: s?.codice_fiscale ?? '',
      full_name: s ? `${s.surname} ${s.name}`.trim() : '',
    };
  };
  const sub = (u: UnitFacts) => u.key.subalterno;
  const owners = f.units.flatMap((u) =>
    u.rights
      .filter((r) => overlaps(r.valid_from, r.valid_to, years))
      .map((r) => ({
        ...person(r.subject_id),
        unit_id: u.unit_id,
        subalterno: sub(u),
        right: r.right,
        share_num: r.share_num,
        share_den: r.share_den,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        deed: r.deed,
      })),
  );
  const residents = f.units.flatMap((u) =>
    u.residents
      .filter((r) => overlaps(r.since, r.until, years))
      .map((r) => ({
        ...person(r.subject_id),
        unit_id: u.unit_id,
        subalterno: sub(u),
        since: r.since,
        until: r.until,
      })),
  );

  // IMU: the engine's case per right held, matched with the declaration of that period and its payments.
  const imu = new Map<string, ImuYearLine>();
  const imuLine = (subject: number, year: number) => {
    const k = `${subject}:${year}`;
    let l = imu.get(k);
    if (!l)
      imu.set(k, (l = { ...person(subject), year, computed: 0, declared: 0, paid: 0, difference: 0, objects: [] }));
    return l;
  };
  for (const u of f.units) {
    const paidOn = new Map<number, number>();
    for (const m of u.imu_payments)
      if (m.position_id !== null) paidOn.set(m.position_id, cents((paidOn.get(m.position_id) ?? 0) + m.amount));
    for (const year of years) {
      const cadastre = versionAt(u.history, year);
      const declared = u.imu.filter((d) => d.year === year);
      const cases = unitImuCases(
        {
          unit_id: u.unit_id,
          building_id: f.building_id,
          public_owner: f.public_owner,
          cadastre,
          rights: u.rights,
          holder_residences: u.holder_residences,
        },
        year,
        rankIn(f, year),
      );
      for (const { right, imu: c } of cases) {
        const res = computeImu(c, { delibere });
        const period = periodInYear(right, year)!;
        const d = declared.find(
          (x) => x.subject_id === right.subject_id && (x.from_date === null || x.from_date === period.from),
        );
        if (d) declared.splice(declared.indexOf(d), 1);
        if (res.months === 0 && !d) continue;
        imuLine(right.subject_id, year).objects.push({
          unit_id: u.unit_id,
          subalterno: sub(u),
          categoria: cadastre!.categoria,
          right: right.right,
          share: right.share,
          from: period.from,
          to: period.to,
          main_home: d?.main_home ?? false,
          base: res.base,
          months: res.months,
          rate_percent: res.rate_percent,
          exempt: res.exempt,
          computed: res.tax,
          declared: d?.due ?? null,
          paid: d ? (paidOn.get(d.id) ?? 0) : 0,
          steps: res.steps,
        });
      }
      // Declarations the facts do not explain (no right held then): shown, with nothing computed.
      for (const d of declared) {
        imuLine(d.subject_id, year).objects.push({
          unit_id: u.unit_id,
          subalterno: sub(u),
          categoria: cadastre?.categoria ?? '',
          right: d.right,
          share: d.share,
          from: d.from_date ?? `${year}-01-01`,
          to: d.to_date ?? `${year}-12-31`,
          main_home: d.main_home,
          base: 0,
          months: d.months,
          rate_percent: 0,
          exempt: false,
          computed: 0,
          declared: d.due,
          paid: paidOn.get(d.id) ?? 0,
          steps: [],
        });
      }
    }
  }
  for (const l of imu.values()) {
    l.computed = cents(l.objects.reduce((s, o) => s + o.computed, 0));
    l.declared = cents(l.objects.reduce((s, o) => s + (o.declared ?? 0), 0));
    l.paid = cents(l.objects.reduce((s, o) => s + o.paid, 0));
    l.difference = cents(l.paid - l.computed);
  }

  // TARI: each declaration through the engine (with the c. 646 floor), against the payments of its bills.
  const tari = new Map<string, TariYearLine>();
  for (const u of f.units) {
    for (const d of u.tari) {
      if (!years.includes(d.year)) continue;
      const sc = versionAt(u.history, d.year)?.superficie_escluse_scoperte ?? null;
      // Declarations carried over from before categories were recorded cannot be computed: shown at zero, said why.
      const res =
        d.kind === 'non_domestica' && d.category_code === null
          ? {
              total: 0,
              steps: [{ rule: 'DPR 158/1999', text: 'Categoria di attività non indicata: importo non calcolabile' }],
            }
          : computeTari(
              {
                year: d.year,
                kind: d.kind,
                surface_m2: d.surface,
                ...(d.from_date ? { from: d.from_date } : {}),
                ...(d.to_date ? { to: d.to_date } : {}),
                ...(sc !== null ? { superficie_catastale: sc } : {}),
                ...(d.kind === 'domestica' ? { occupants: d.occupants ?? 1 } : { category: d.category_code! }),
              },
              { tariffs },
            );
      const k = `${d.subject_id}:${d.year}`;
      let l = tari.get(k);
      if (!l)
        tari.set(k, (l = { ...person(d.subject_id), year: d.year, computed: 0, paid: 0, difference: 0, premises: [] }));
      l.premises.push({
        unit_id: u.unit_id,
        subalterno: sub(u),
        kind: d.kind,
        from: d.from_date,
        to: d.to_date,
        surface: d.surface,
        superficie_catastale: sc,
        occupants: d.occupants,
        category_code: d.category_code,
        computed: res.total,
        steps: res.steps,
      });
      l.computed = cents(l.computed + res.total);
    }
  }
  const positions = new Set(f.units.flatMap((u) => u.tari.map((d) => d.id)));
  for (const m of f.tari_payments) {
    const l = tari.get(`${m.subject_id}:${m.tax_year}`);
    if (l && (m.position_id === null || positions.has(m.position_id))) l.paid = cents(l.paid + m.amount);
  }
  for (const l of tari.values()) l.difference = cents(l.paid - l.computed);

  const order = <T extends { year: number; full_name: string; subject_id: number }>(a: T, b: T) =>
    a.year - b.year || a.full_name.localeCompare(b.full_name, 'it') || a.subject_id - b.subject_id;
  return { years, owners, residents, imu: [...imu.values()].sort(order), tari: [...tari.values()].sort(order) };
}

/** A holder's pertinenze of one category in the building, by subalterno: the first is the exempt one. */
function rankIn(f: BuildingTaxFacts, year: number) {
  return (subject: number, categoria: string, unitId: number) => {
    const held = f.units.filter(
      (u) =>
        versionAt(u.history, year)?.categoria === categoria &&
        u.rights.some((r) => r.subject_id === subject && r.taxpayer && periodInYear(r, year)),
    );
    return Math.max(1, held.findIndex((u) => u.unit_id === unitId) + 1);
  };
}
