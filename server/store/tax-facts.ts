// The facts IMU and TARI are owed on, over time (issue 7 §1), as domain types: rights with deed dates,
// cadastral attributes by date, residence periods, declarations and payments. Read in batches per comune
// and year for the audit (no query per object), and per building for the dossier. Dates are ISO strings,
// both ends included; `to`/`valid_to`/`until` null = still open. Amounts in euro.
//
// How the law reads these facts (what the generator guarantees and the audit can rely on):
// - one IMU case per taxpayer right (`taxpayer: true`) and year: period = the right clipped to the year,
//   share = share_num / share_den, categoria and rendita = `cadastre` (in force on 1 January, c. 745);
// - main home: the holder is resident in that unit over the period (c. 740); a C/2, C/6 or C/7 is its
//   pertinenza when the holder is resident in a dwelling of the same building they hold (`holder_residences`);
// - units of a building with `public_owner` belong to the comune: exempt (c. 759 lett. a);
// - building land is taxed at the comune's reference value of the parcel's zoning area × `superficie`.
import type { ImuObject } from '../domain/tax/types.ts';

export type RightKind =
  | 'proprieta'
  | 'nuda_proprieta'
  | 'usufrutto'
  | 'uso'
  | 'abitazione'
  | 'enfiteusi'
  | 'superficie'
  | 'leasing';
export const RIGHT_KINDS: readonly RightKind[] = [
  'proprieta',
  'nuda_proprieta',
  'usufrutto',
  'uso',
  'abitazione',
  'enfiteusi',
  'superficie',
  'leasing',
];
/** c. 743: the holder of any right but the nuda proprietà is the IMU taxpayer. */
export const isTaxpayerRight = (r: RightKind) => r !== 'nuda_proprieta';

export interface Subject {
  id: number;
  codice_fiscale: string;
  surname: string;
  name: string;
}

export interface HeldRight {
  id: number;
  subject_id: number;
  right: RightKind;
  share_num: number;
  share_den: number;
  /** share_num / share_den */
  share: number;
  valid_from: string;
  valid_to: string | null;
  deed: string | null;
  /** Whether this right makes its holder the IMU taxpayer. */
  taxpayer: boolean;
}

export interface CadastralVersion {
  valid_from: string;
  valid_to: string | null;
  categoria: string;
  classe: string | null;
  consistenza: number | null;
  rendita: number | null;
  superficie_catastale: number | null;
  superficie_escluse_scoperte: number | null;
}

export interface Residence {
  subject_id: number;
  unit_id: number;
  since: string | null;
  until: string | null;
}

/** A holder's residence anywhere in the comune, with what the main-home and pertinenza tests need. */
export interface HolderResidence extends Residence {
  building_id: number | null;
  /** The dwelling's categoria on 1 January of the year asked for (current categoria in `forBuilding`). */
  categoria: string;
}

export interface ImuDeclaration {
  id: number;
  year: number;
  subject_id: number;
  unit_id: number | null;
  parcel_id: number | null;
  kind: ImuObject['kind'];
  right: RightKind;
  share: number;
  months: number;
  /** The taxpayer claims the main-home treatment (for a C/2, C/6, C/7: as its pertinenza). */
  main_home: boolean;
  /** Declared market value of building land. */
  declared_value: number | null;
  /** The tax the taxpayer declared as due. */
  due: number;
  from_date: string | null;
  to_date: string | null;
}

export type Instalment = 'acconto' | 'saldo' | 'unica';

export interface ImuPayment {
  id: number;
  /** The declaration it was paid against, when known (an F24 line pays per code, not per object). */
  position_id: number | null;
  subject_id: number;
  tax_year: number;
  f24_code: string;
  instalment: Instalment;
  paid_on: string;
  amount: number;
}

export interface TariDeclaration {
  id: number;
  year: number;
  subject_id: number;
  unit_id: number;
  kind: 'domestica' | 'non_domestica';
  surface: number;
  occupants: number | null;
  category: string | null;
  /** DPR 158/1999 category 1…30 (non_domestica). */
  category_code: number | null;
  from_date: string | null;
  to_date: string | null;
}

export interface TariPayment {
  id: number;
  /** The declaration whose bill it pays, when known. */
  position_id: number | null;
  subject_id: number;
  tax_year: number;
  instalment: Instalment;
  paid_on: string;
  amount: number;
}

export interface UnitKey {
  comune: string;
  sezione: string;
  foglio: string;
  particella: string;
  subalterno: string;
}

/** One unit in one year: everything the audit rules 1–5 need about it. */
export interface UnitHolding {
  object: 'unit';
  unit_id: number;
  building_id: number | null;
  key: UnitKey;
  /** The building's public owner (the comune): exempt. */
  public_owner: string | null;
  /** Cadastral attributes in force on 1 January of the year (c. 745); null if the unit did not exist then. */
  cadastre: CadastralVersion | null;
  /** Every version in force at some day of the year (revisions during the year show here). */
  cadastre_in_year: CadastralVersion[];
  /** Rights in force at some day of the year, taxpayers and nudi proprietari alike. */
  rights: HeldRight[];
  /** Residence periods in this unit overlapping the year. */
  residents: Residence[];
  /** Residence periods of this unit's holders anywhere in the comune overlapping the year (main home, pertinenze). */
  holder_residences: HolderResidence[];
  imu: ImuDeclaration[];
  /** Payments of the year made against this unit's declarations. */
  imu_payments: ImuPayment[];
  tari: TariDeclaration[];
  /** Payments of the year made against this unit's TARI declarations. */
  tari_payments: TariPayment[];
  /** Everyone named above, by id. */
  subjects: Record<number, Subject>;
}

export interface Zoning {
  code: string;
  name: string;
  buildable: boolean;
}

/** One land parcel in one year (parcels with rights or IMU declarations only): rule 7 and land IMU. */
export interface ParcelHolding {
  object: 'parcel';
  parcel_id: number;
  key: Omit<UnitKey, 'subalterno'>;
  qualita: string | null;
  superficie: number | null;
  reddito_dominicale: number | null;
  /** The zoning area the parcel lies in (by a point on its surface); null when outside every one. */
  zoning: Zoning | null;
  rights: HeldRight[];
  imu: ImuDeclaration[];
  imu_payments: ImuPayment[];
  subjects: Record<number, Subject>;
}

export type Holding = UnitHolding | ParcelHolding;

/** A unit of a building with its whole history, for the dossier. */
export interface UnitFacts {
  unit_id: number;
  key: UnitKey;
  history: CadastralVersion[];
  rights: HeldRight[];
  residents: Residence[];
  holder_residences: HolderResidence[];
  imu: ImuDeclaration[];
  imu_payments: ImuPayment[];
  tari: TariDeclaration[];
}

export interface BuildingTaxFacts {
  building_id: number;
  comune: string;
  public_owner: string | null;
  units: UnitFacts[];
  /** TARI payments of the building's declarations, and those without a declaration (all years, this comune)
   * of the subjects with a TARI declaration in the building. */
  tari_payments: TariPayment[];
  subjects: Record<number, Subject>;
}

export interface TaxFactsRepository {
  /**
   * Every unit, then every land parcel with rights or declarations, of the comune in `year`, read in batches
   * of `batchSize` objects (a handful of queries per batch, bounded memory at any size of comune).
   * Unknown comune → not_found.
   */
  holdings(comune: string, year: number, opts?: { batchSize?: number }): AsyncIterable<Holding>;
  /** All IMU payments of the year by subject, with or without a declaration (F24 lines per code). */
  imuPaymentsBySubject(comune: string, year: number): Promise<Map<number, ImuPayment[]>>;
  /** All TARI payments of the year by subject. */
  tariPaymentsBySubject(comune: string, year: number): Promise<Map<number, TariPayment[]>>;
  /** Buildings with a footprint and no cadastral unit (rule 6), with their status. */
  buildingsWithoutUnits(
    comune: string,
  ): Promise<{ building_id: number; code: string; status: string; public_owner: string | null }[]>;
  /** Every fact of every year on a building's units, for its dossier. Unknown building → not_found. */
  forBuilding(buildingId: number): Promise<BuildingTaxFacts>;
}
