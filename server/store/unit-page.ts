// The audit's facts on one page of units, for every year of a run (IMU holdings, TARI positions below the
// cadastre, residents without TARI), assembled from plain fact rows read once for all the years (rights,
// cadastral history, residences, IMU and TARI positions): the engines' stores read the rows with simple range
// scans and share this assembly, so that the audit reads each fact once per run, not once per year and rule.
// Pure: no I/O. Periods are clipped to the year, both ends included; ISO dates compare as strings.
import { cents } from '../domain/tax/money.ts';
import type {
  DeclaredPosition,
  HoldingPeriod,
  Residence,
  ResidentUnit,
  TariPosition,
  Taxpayer,
  UnitHolding,
  UnitYearFacts,
} from './audit-candidates.ts';

/** Units per page of the audit's reads: a page of a 100,000-parcel comune's facts for six years stays within some
 * tens of MB, on either engine. */
export const UNIT_PAGE = 8000;

export interface UnitRow {
  id: number;
  building_id: number | null;
  foglio: string;
  particella: string;
  subalterno: string;
  categoria: string;
  rendita: number | null;
  public_owner: string | null;
}

/** A row of a unit's cadastral history. */
export interface AttrRow {
  unit_id: number;
  valid_from: string;
  valid_to: string | null;
  categoria: string | null;
  rendita: number | null;
  superficie_catastale: number | null;
  superficie_escluse_scoperte: number | null;
}

/** A TARI position on a unit. */
export interface TariRow {
  subject_id: number;
  unit_id: number;
  year: number;
  kind: TariPosition['kind'];
  surface: number;
  occupants: number | null;
  category_code: number | null;
  from_date: string | null;
  to_date: string | null;
}

/** A right other than nuda proprietà, on a unit. */
export interface RightRow {
  subject_id: number;
  unit_id: number;
  right: string;
  share: number;
  valid_from: string;
  valid_to: string | null;
}

export interface ResidenceRow {
  subject_id: number;
  unit_id: number;
  since: string | null;
  until: string | null;
}

/** One IMU position row on a unit, with the F24 lines linked to it. */
export interface PositionRow {
  subject_id: number;
  unit_id: number;
  year: number;
  id: number;
  kind: DeclaredPosition['kind'];
  main_home: number;
  share: number;
  months: number;
  declared_value: number | null;
  due: number;
  linked_paid: number;
}

/** A right (not nuda proprietà) of a pertinenza holder on any unit of the comune, with that unit's attributes. */
export interface HolderRightRow {
  subject_id: number;
  unit_id: number;
  valid_from: string;
  valid_to: string | null;
  categoria: string;
  building_id: number | null;
}

/** The F24 lines of a subject and year linked to no position, shared pro rata of the declared due. */
export interface UnlinkedPayments {
  amount: number;
  /** Due declared by the subject over all its positions of the year. */
  due: number;
}

export interface PageFacts {
  units: UnitRow[];
  attrs: AttrRow[];
  /** In (unit_id, subject_id, valid_from) order. */
  rights: RightRow[];
  residences: ResidenceRow[];
  positions: PositionRow[];
  /** In (unit_id, subject_id) order. */
  tari: TariRow[];
  /** Rights and residences of the subjects holding a pertinenza in the page, anywhere in the comune. */
  holderRights: HolderRightRow[];
  holderResidences: ResidenceRow[];
  taxpayers: Map<number, Omit<Taxpayer, 'subject_id'>>;
  /** Keyed `${subject_id}|${year}`. */
  unlinked: Map<string, UnlinkedPayments>;
}

export const PERTINENZA_CATEGORIE: ReadonlySet<string> = new Set(['C/2', 'C/6', 'C/7']);

const overlaps = (since: string | null, until: string | null, from: string, to: string) =>
  (since ?? '0000-01-01') <= to && (until ?? '9999-12-31') >= from;

/** Whether a dwelling can be a main home (c. 741): group A but A/10. */
const isDwelling = (categoria: string) => categoria.startsWith('A/') && categoria !== 'A/10';

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** The subjects that may hold a pertinenza in the page in some year: their homes decide its exemption. */
export function pertinenzaHolders(units: readonly UnitRow[], attrs: readonly AttrRow[], rights: readonly RightRow[]) {
  const pertinenze = new Set(units.filter((u) => PERTINENZA_CATEGORIE.has(u.categoria)).map((u) => u.id));
  for (const a of attrs) if (a.categoria && PERTINENZA_CATEGORIE.has(a.categoria)) pertinenze.add(a.unit_id);
  return [...new Set(rights.filter((r) => pertinenze.has(r.unit_id)).map((r) => r.subject_id))];
}

/** The page's facts indexed once for all its years. */
export interface PageIndex {
  facts: PageFacts;
  units: Map<number, UnitRow>;
  attrs: Map<number, AttrRow[]>;
  residences: Map<number, ResidenceRow[]>;
  positions: Map<number, PositionRow[]>;
  tari: Map<number, TariRow[]>;
  holderRights: Map<number, HolderRightRow[]>;
  holderResidences: Map<number, ResidenceRow[]>;
}

export function indexPage(facts: PageFacts): PageIndex {
  return {
    facts,
    units: new Map(facts.units.map((u) => [u.id, u])),
    attrs: groupBy(facts.attrs, (a) => a.unit_id),
    residences: groupBy(facts.residences, (x) => x.unit_id),
    positions: groupBy(facts.positions, (p) => p.unit_id),
    tari: groupBy(facts.tari, (t) => t.unit_id),
    holderRights: groupBy(facts.holderRights, (r) => r.subject_id),
    holderResidences: groupBy(facts.holderResidences, (x) => x.subject_id),
  };
}

const NONE: never[] = [];

/** The taxpayer's name and codice fiscale, as every candidate carries them for its evidence. */
function taxpayerOf(page: PageIndex, subjectId: number): Taxpayer {
  const t = page.facts.taxpayers.get(subjectId);
  return { subject_id: subjectId, codice_fiscale: t?.codice_fiscale ?? '', name: t?.name ?? '' };
}

/** How a candidate names its unit: building and cadastral key. */
const unitRefOf = (unit: UnitRow) => ({
  unit_id: unit.id,
  building_id: unit.building_id,
  foglio: unit.foglio,
  particella: unit.particella,
  subalterno: unit.subalterno,
});

/** Everything the audit reads on the page for `year`. */
export function yearFacts(page: PageIndex, year: number): UnitYearFacts {
  return {
    year,
    holdings: assembleHoldings(page, year),
    tariBelowCadastre: tariBelowCadastre(page, year),
    residentUnitsWithoutTari: residentUnitsWithoutTari(page, year),
  };
}

/** For TARI (c. 646): the cadastral row in force on 1 January, else the latest of the year; none, no test. */
function tariAttrs(page: PageIndex, unitId: number, jan1: string, dec31: string): AttrRow | undefined {
  let best: AttrRow | undefined;
  for (const a of page.attrs.get(unitId) ?? NONE) {
    if (a.valid_from > dec31) continue;
    const rank = (x: AttrRow) => (x.valid_from <= jan1 ? 1 : 0);
    if (!best || rank(a) > rank(best) || (rank(a) === rank(best) && a.valid_from > best.valid_from)) best = a;
  }
  return best;
}

const clip = (from: string | null, to: string | null, jan1: string, dec31: string) => ({
  from: from !== null && from > jan1 ? from : jan1,
  to: to !== null && to < dec31 ? to : dec31,
});

/** TARI positions of the year on a surface below 80% of the unit's superficie catastale (rule 3's candidates). */
function tariBelowCadastre(page: PageIndex, year: number): TariPosition[] {
  const jan1 = `${year}-01-01`;
  const dec31 = `${year}-12-31`;
  const out: TariPosition[] = [];
  for (const t of page.facts.tari) {
    const unit = page.units.get(t.unit_id);
    if (t.year !== year || !unit) continue;
    const a = tariAttrs(page, t.unit_id, jan1, dec31);
    const cadastral = a ? (a.superficie_escluse_scoperte ?? a.superficie_catastale) : null;
    if (!a || cadastral === null || !(t.surface < 0.8 * cadastral)) continue;
    out.push({
      ...taxpayerOf(page, t.subject_id),
      ...unitRefOf(unit),
      categoria: a.categoria ?? unit.categoria,
      kind: t.kind,
      surface: t.surface,
      occupants: t.occupants,
      category_code: t.category_code,
      ...clip(t.from_date, t.to_date, jan1, dec31),
      superficie_catastale: a.superficie_catastale,
      superficie_escluse_scoperte: a.superficie_escluse_scoperte,
    });
  }
  // by unit, taxpayer and start, as rule 3 groups a taxpayer's periods
  return out.sort((x, y) => x.unit_id - y.unit_id || x.subject_id - y.subject_id || x.from.localeCompare(y.from));
}

/** Units with residents in the year and no TARI position of that year (rule 4's candidates). */
function residentUnitsWithoutTari(page: PageIndex, year: number): ResidentUnit[] {
  const jan1 = `${year}-01-01`;
  const dec31 = `${year}-12-31`;
  const out: ResidentUnit[] = [];
  for (const unit of page.facts.units) {
    const present = (page.residences.get(unit.id) ?? NONE).filter((x) => overlaps(x.since, x.until, jan1, dec31));
    if (present.length === 0 || (page.tari.get(unit.id) ?? NONE).some((t) => t.year === year)) continue;
    const a = tariAttrs(page, unit.id, jan1, dec31);
    if (!a) continue;
    out.push({
      ...unitRefOf(unit),
      categoria: a.categoria ?? unit.categoria,
      superficie_catastale: a.superficie_catastale,
      superficie_escluse_scoperte: a.superficie_escluse_scoperte,
      residents: present.map(
        (x): Residence => ({ ...taxpayerOf(page, x.subject_id), ...clip(x.since, x.until, jan1, dec31) }),
      ),
    });
  }
  return out;
}

/** The page's holdings for `year`, in (unit, subject, period) order. */
export function assembleHoldings(page: PageIndex, year: number): UnitHolding[] {
  const jan1 = `${year}-01-01`;
  const dec31 = `${year}-12-31`;
  const out: UnitHolding[] = [];
  let holding: UnitHolding | undefined;
  for (const r of page.facts.rights) {
    const unit = page.units.get(r.unit_id);
    if (!unit || r.valid_from > dec31 || (r.valid_to !== null && r.valid_to < jan1)) continue;
    const from = r.valid_from > jan1 ? r.valid_from : jan1;
    const to = r.valid_to !== null && r.valid_to < dec31 ? r.valid_to : dec31;
    const resident = (page.residences.get(r.unit_id) ?? NONE).some(
      (x) => x.subject_id === r.subject_id && overlaps(x.since, x.until, from, to),
    );
    if (!holding || holding.unit_id !== r.unit_id || holding.subject_id !== r.subject_id) {
      holding = newHolding(page, unit, r.subject_id, year, jan1);
      out.push(holding);
    }
    const period: HoldingPeriod = {
      right: r.right,
      share: r.share,
      from,
      to,
      resident,
      home_categoria: null,
      pertinenza_rank: 1,
    };
    if (PERTINENZA_CATEGORIE.has(holding.categoria)) {
      const rights = page.holderRights.get(r.subject_id) ?? NONE;
      const home = homeOf(rights, page.holderResidences.get(r.subject_id) ?? NONE, from, to);
      if (home) {
        period.home_categoria = home.categoria;
        period.pertinenza_rank = 1 + earlierPertinenze(rights, holding, home.building_id, from, to);
      }
    }
    holding.periods.push(period);
  }
  return out;
}

function newHolding(page: PageIndex, unit: UnitRow, subjectId: number, year: number, jan1: string): UnitHolding {
  // c. 745: the attributes in force on 1 January (the latest row if the history overlaps itself).
  let atJan1: AttrRow | undefined;
  for (const a of page.attrs.get(unit.id) ?? NONE) {
    if (a.valid_from <= jan1 && (a.valid_to === null || a.valid_to >= jan1)) {
      if (!atJan1 || a.valid_from > atJan1.valid_from) atJan1 = a;
    }
  }
  const positions = (page.positions.get(unit.id) ?? NONE).filter((p) => p.subject_id === subjectId && p.year === year);
  return {
    ...taxpayerOf(page, subjectId),
    ...unitRefOf(unit),
    categoria: atJan1?.categoria ?? unit.categoria,
    rendita: atJan1?.rendita ?? unit.rendita ?? 0,
    public_owner: unit.public_owner,
    periods: [],
    position: positions.length
      ? declared(positions, page.facts.unlinked.size ? page.facts.unlinked.get(`${subjectId}|${year}`) : undefined)
      : null,
  };
}

/** The positions of a subject on a unit in a year, summed, with the F24 lines credited to them. */
function declared(rows: PositionRow[], unlinked: UnlinkedPayments | undefined): DeclaredPosition {
  const first = rows.reduce((a, p) => (p.id < a.id ? p : a));
  let due = 0;
  let paid = 0;
  let declaredValue: number | null = null;
  for (const p of rows) {
    due += p.due;
    paid += p.linked_paid + (unlinked ? (unlinked.amount * p.due) / (unlinked.due || 1) : 0);
    if (p.declared_value !== null) declaredValue = Math.max(declaredValue ?? p.declared_value, p.declared_value);
  }
  return {
    id: first.id,
    kind: rows.map((p) => p.kind).sort()[0]!, // min(kind), as the SQL it replaced
    main_home: rows.some((p) => p.main_home === 1),
    share: Math.max(...rows.map((p) => p.share)),
    months: Math.max(...rows.map((p) => p.months)),
    declared_value: declaredValue,
    due: cents(due),
    paid: cents(paid),
  };
}

/** The dwelling the subject lives in and holds during the period (the lowest unit id if several). */
function homeOf(rights: HolderRightRow[], residences: ResidenceRow[], from: string, to: string) {
  let home: HolderRightRow | undefined;
  for (const r of rights) {
    if (!isDwelling(r.categoria) || (home && home.unit_id <= r.unit_id)) continue;
    if (!overlaps(r.valid_from, r.valid_to, from, to)) continue;
    if (residences.some((x) => x.unit_id === r.unit_id && overlaps(x.since, x.until, from, to))) home = r;
  }
  return home;
}

/**
 * How many of the subject's other units of the same category come before this one as pertinenza (c. 741:
 * one per category is exempt): those in the home's building first, then by unit id.
 */
function earlierPertinenze(
  rights: HolderRightRow[],
  h: Pick<UnitHolding, 'unit_id' | 'building_id' | 'categoria'>,
  homeBuilding: number | null,
  from: string,
  to: string,
): number {
  const mine = Number(h.building_id === homeBuilding);
  let n = 0;
  for (const r of rights) {
    if (r.unit_id === h.unit_id || r.categoria !== h.categoria || !overlaps(r.valid_from, r.valid_to, from, to))
      continue;
    const theirs = Number(r.building_id === homeBuilding);
    if (theirs > mine || (theirs === mine && r.unit_id < h.unit_id)) n++;
  }
  return n;
}
