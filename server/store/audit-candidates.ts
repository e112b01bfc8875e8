// Facts the audit rules read, batched per comune and year and streamed in pages of objects (no query per
// object, bounded memory). Dates are ISO, periods clipped to the year and both ends included.

/** What a subject declared for an object in a year (positions of the same object summed), and paid for it. */
export interface DeclaredPosition {
  id: number;
  kind: 'fabbricato' | 'terreno_agricolo' | 'area_fabbricabile';
  main_home: boolean;
  share: number;
  months: number;
  declared_value: number | null;
  /** The taxpayer's own figure of the tax due. */
  due: number;
  /** F24 payments of the year credited to the position (linked ones, and a pro-rata part of unlinked ones). */
  paid: number;
}

export interface Taxpayer {
  subject_id: number;
  codice_fiscale: string;
  name: string;
}

/** One right row of a holding, clipped to the year, with the facts the main-home tests need. */
export interface HoldingPeriod {
  right: string;
  share: number;
  from: string;
  to: string;
  /** Registered resident in the unit during the period. */
  resident: boolean;
  /** Category of the dwelling the subject lives in and holds during the period (for pertinenze), or null. */
  home_categoria: string | null;
  /** Place among the subject's pertinenze of this category (those in the home's building first; 1 = exempt). */
  pertinenza_rank: number;
}

/** A taxpayer's rights (proprietà, usufrutto, …; not nuda proprietà) on a unit during a year. */
export interface UnitHolding extends Taxpayer {
  unit_id: number;
  building_id: number | null;
  foglio: string;
  particella: string;
  subalterno: string;
  /** Cadastral attributes in force on 1 January (c. 745), else the first of the year. */
  categoria: string;
  rendita: number;
  /** The comune's own property (c. 759 exempt). */
  public_owner: string | null;
  /** One per right row, in date order: each is its own IMU case (c. 761 month rule per holding). */
  periods: HoldingPeriod[];
  position: DeclaredPosition | null;
}

export interface TariPosition extends Taxpayer {
  unit_id: number;
  building_id: number | null;
  foglio: string;
  particella: string;
  subalterno: string;
  categoria: string;
  kind: 'domestica' | 'non_domestica';
  surface: number;
  occupants: number | null;
  category_code: number | null;
  from: string;
  to: string;
  superficie_catastale: number | null;
  superficie_escluse_scoperte: number | null;
}

export interface Residence extends Taxpayer {
  from: string;
  to: string;
}

/** A unit with residents in the year and no TARI position for it in that year. */
export interface ResidentUnit {
  unit_id: number;
  building_id: number | null;
  foglio: string;
  particella: string;
  subalterno: string;
  categoria: string;
  superficie_catastale: number | null;
  superficie_escluse_scoperte: number | null;
  residents: Residence[];
}

/** A land parcel declared as agricultural land in the year, with the zoning area it lies in. */
export interface AgriculturalLand extends Taxpayer {
  parcel_id: number;
  foglio: string;
  particella: string;
  superficie: number;
  reddito_dominicale: number;
  qualita: string | null;
  zone: { code: string; name: string; buildable: boolean } | null;
  share: number;
  from: string;
  to: string;
  position: DeclaredPosition;
}

export interface BuildingWithoutUnits {
  building_id: number;
  code: string;
  status: string;
  use: string;
  area_m2: number;
  floors_above: number | null;
  year_built: number | null;
  addresses: string[];
  parcels: { foglio: string; particella: string }[];
}

/** What the audit reads on a page of units in one year. */
export interface UnitYearFacts {
  year: number;
  /** Taxpayer holdings, each with its IMU position or null (rules 1, 2, 5). */
  holdings: UnitHolding[];
  /** TARI positions whose surface is below 80% of the unit's superficie catastale (rule 3). */
  tariBelowCadastre: TariPosition[];
  /** Units with residents in the year and no TARI position of that year (rule 4). */
  residentUnitsWithoutTari: ResidentUnit[];
}

export interface AuditCandidates {
  /**
   * The facts of the comune's units a page at a time, for all the years at once (rights and cadastre change
   * little from year to year): one read per run that rules 1 to 5 share.
   */
  unitPages(comune: string, years: number[]): AsyncIterable<UnitYearFacts[]>;
  /** Parcels declared as agricultural land in the year, with their zoning (rule 7). */
  agriculturalLand(comune: string, year: number): AsyncIterable<AgriculturalLand[]>;
  /** Buildings on the ground with no cadastral unit (rule 6). */
  buildingsWithoutUnits(comune: string): AsyncIterable<BuildingWithoutUnits[]>;
}
