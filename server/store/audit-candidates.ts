// Facts the audit rules read, batched per comune and year (no query per object). Filled in with the rules.
export interface AuditCandidates {
  /** Buildings on the ground with no cadastral unit (rule 6). */
  buildingsWithoutUnits(comune: string): AsyncIterable<BuildingWithoutUnits[]>;
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
