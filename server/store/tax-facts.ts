// The facts IMU and TARI are owed on, over time (issue 7 §1), as domain types: rights with deed dates,
// cadastral attributes by date, residence periods, declarations and payments, read per building for the
// dossier (the audit reads its candidates in pages through audit-candidates.ts). Dates are ISO strings,
// both ends included; `to`/`valid_to`/`until` null = still open. Amounts in euro.
//
// How the law reads these facts (what the generator guarantees and the audit can rely on):
// - one IMU case per taxpayer right (`taxpayer: true`) and year: period = the right clipped to the year,
//   share = share_num / share_den, categoria and rendita = `cadastre` (in force on 1 January, c. 745);
// - main home: the holder is resident in that unit over the period (c. 740); a C/2, C/6 or C/7 is its
//   pertinenza when the holder is resident in a dwelling of the same building they hold (`holder_residences`);
// - units of a building with `public_owner` belong to the comune: exempt (c. 759 lett. a);
// - building land is taxed at the comune's reference value of the parcel's zoning area × `superficie`.
import type { UnitAttributes } from '../domain/cadastre/unit-attributes.ts';

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

export interface CadastralVersion extends UnitAttributes {
  valid_from: string;
  valid_to: string | null;
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

export interface Zoning {
  code: string;
  name: string;
  buildable: boolean;
}

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
  /** Every fact of every year on a building's units, for its dossier. Unknown building → not_found. */
  forBuilding(buildingId: number): Promise<BuildingTaxFacts>;
}
