// The Edificio Digitale's storage boundary: a building's row, the records its dossier is assembled from
// (buildings/dossier.ts), its edits with optimistic locking and its history. Outside the user's comuni a building
// does not exist: every method answers 404 for it.
import type { UnitAttributes } from '../domain/cadastre/unit-attributes.ts';
import type { AreaGeometry, BBox } from '../domain/geometry/types.ts';
import type { User } from '../domain/users/user.ts';

export interface BuildingRow {
  id: number;
  code: string;
  comune: string;
  geom: string;
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
  height: number | null;
  floors_above: number | null;
  floors_below: number | null;
  volume: number | null;
  year_built: number | null;
  use: string;
  status: string;
  structure: string | null;
  public_owner: string | null;
  note: string;
  version: number;
  updated_at: string;
}

/** What an edit may change: attributes, and the footprint as sent (the store checks it, and its overlaps). */
export type BuildingChanges = Partial<
  Pick<
    BuildingRow,
    | 'height'
    | 'floors_above'
    | 'floors_below'
    | 'volume'
    | 'year_built'
    | 'use'
    | 'status'
    | 'structure'
    | 'public_owner'
    | 'note'
  >
> & { footprint?: unknown };

export interface DossierParcel {
  id: number;
  sezione: string;
  foglio: string;
  particella: string;
  qualita: string | null;
  superficie: number | null;
}

export interface DossierAddress {
  street: string;
  civico: string;
  cap: string | null;
}

/** A unit of the building with how many live there today and how many hold rights (counts, not who). */
export interface DossierUnit extends UnitAttributes {
  id: number;
  comune: string;
  sezione: string;
  foglio: string;
  particella: string;
  subalterno: string;
  floor: string | null;
  residents_count: number;
  owners_count: number;
}

export interface EnergyCertificate {
  unit_id: number;
  class: string;
  ep: number;
  issued_on: string;
  valid_until: string;
}

export interface DossierPermit {
  type: string;
  number: string;
  date: string;
  state: string;
  description: string | null;
}

export interface BuildingEvent {
  kind: string;
  date: string;
  who: string;
  why: string;
}

/** A zoning, hazard or constraint area the footprint touches. */
export interface BuildingOverlay {
  id: number;
  kind: string;
  code: string;
  name: string;
  buildable: boolean;
}

/** What the register links to a building, no personal data: the dossier's view is assembled from it. */
export interface BuildingRecords {
  building: BuildingRow;
  /** By foglio and particella. */
  parcels: DossierParcel[];
  /** By street and civico. */
  addresses: DossierAddress[];
  /** By subalterno. */
  units: DossierUnit[];
  /** The units' energy certificates, newest first. */
  energy: EnergyCertificate[];
  /** By date. */
  permits: DossierPermit[];
  /** By date. */
  events: BuildingEvent[];
  /** By kind and code. */
  overlays: BuildingOverlay[];
}

/** One recorded edit of a building: who, when, the changed fields before and after (the footprint as GeoJSON). */
export interface HistoryEntry {
  id: number;
  at: string;
  username: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** A building near an edited footprint, which the footprint must not overlap. */
export interface NeighbourFootprint {
  id: number;
  code: string;
  footprint: AreaGeometry;
}

export interface BuildingStore {
  /** The building and what the register links to it, for the Edificio Digitale (buildings/dossier.ts). */
  records(user: User, id: number): Promise<BuildingRecords>;
  /** The building's current ETag, for checking a write's precondition before its body is read. */
  etag(user: User, id: number): Promise<string>;
  /** Where the building is now (lon/lat), for dropping the map tiles an edit changes. */
  bbox(user: User, id: number): Promise<BBox>;
  /** Optimistic locking: `ifMatch` must be the current ETag. */
  update(user: User, id: number, ifMatch: string, changes: BuildingChanges): Promise<BuildingRow>;
  /** The building's recorded edits, newest first. */
  history(user: User, id: number): Promise<HistoryEntry[]>;
}
