// The Edificio Digitale: a building with everything the register knows about it.
import { area, centroid } from '@turf/turf';
import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import type { AreaGeometry } from '../domain/geometry/types.ts';
import { claimableYears } from '../domain/tax/index.ts';
import { notFoundError } from '../errors/domain-error.ts';
import { inScope, may } from '../policy/policy.ts';
import { overlaysTouching } from '../store/sqlite/overlays.ts';
import { logPersonalRead } from '../store/sqlite/read-log.ts';
import type { TaxFactsRepository } from '../store/tax-facts.ts';
import type { TaxRatesRepository } from '../store/tax-rates.ts';
import { type TributiView, tributiView } from './tributi.ts';

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

export const etagOf = (b: { id: number; version: number }) => `"b${b.id}-v${b.version}"`;

/** The building row if the user's comuni include it; 404 otherwise (another comune's data does not exist for them). */
export function loadBuilding(db: Db, user: User, id: number): BuildingRow {
  const b = db.prepare('SELECT * FROM buildings WHERE id = ?').get(id) as BuildingRow | undefined;
  if (!b || !inScope(user, b.comune)) throw notFoundError(`Edificio ${id} non trovato`);
  return b;
}

/** A building as the API returns it: its attributes, the footprint, its bounding box, area and centroid. */
export interface BuildingView extends Omit<BuildingRow, 'geom' | 'minx' | 'miny' | 'maxx' | 'maxy'> {
  footprint: AreaGeometry;
  bbox: [number, number, number, number];
  area_m2: number;
  centroid: number[];
}

export function buildingView(b: BuildingRow): BuildingView {
  const footprint = JSON.parse(b.geom) as AreaGeometry;
  const { geom: _g, minx, miny, maxx, maxy, ...attrs } = b;
  return {
    ...attrs,
    footprint,
    bbox: [minx, miny, maxx, maxy],
    area_m2: Math.round(area(footprint) * 10) / 10,
    centroid: centroid(footprint).geometry.coordinates,
  };
}

/** The repositories the tax section reads (facts over time, the comune's rates). */
export interface DossierTax {
  facts: TaxFactsRepository;
  rates: TaxRatesRepository;
}

export async function dossier(db: Db, user: User, id: number, tax: DossierTax) {
  const b = loadBuilding(db, user, id);
  const personal = may(user, 'personal-data');
  const view = buildingView(b);
  const all = <T>(sql: string, ...params: (string | number)[]) => db.prepare(sql).all(...params) as T[];

  const parcels = all(
    `SELECT p.id, p.sezione, p.foglio, p.particella, p.qualita, p.superficie
      FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id
      WHERE bp.building_id = ? ORDER BY p.foglio, p.particella`,
    id,
  );
  const addresses = all('SELECT street, civico, cap FROM addresses WHERE building_id = ? ORDER BY street, civico', id);
  const units = all<Record<string, unknown> & { id: number; categoria: string; rendita: number | null }>(
    `SELECT u.id, u.comune, u.sezione, u.foglio, u.particella, u.subalterno, u.categoria, u.classe, u.consistenza,
      u.rendita, u.superficie_catastale, u.superficie_escluse_scoperte, u.floor,
      (SELECT count(*) FROM residents r WHERE r.unit_id = u.id
        AND (r.until IS NULL OR r.until >= date('now'))) AS residents_count,
      (SELECT count(*) FROM ownership o WHERE o.unit_id = u.id) AS owners_count
    FROM units u WHERE u.building_id = ? ORDER BY CAST(u.subalterno AS INTEGER)`,
    id,
  );
  const ape = all<{ unit_id: number }>(
    `SELECT e.unit_id, e.class, e.ep, e.issued_on, e.valid_until
      FROM energy_certificates e JOIN units u ON u.id = e.unit_id
      WHERE u.building_id = ? ORDER BY e.issued_on DESC`,
    id,
  );
  const permits = all(
    'SELECT type, number, date, state, description FROM permits WHERE building_id = ? ORDER BY date',
    id,
  );
  const events = all('SELECT kind, date, who, why FROM building_events WHERE building_id = ? ORDER BY date', id);
  const overlays = overlaysTouching(db, b.comune, view.footprint, {
    minx: b.minx,
    miny: b.miny,
    maxx: b.maxx,
    maxy: b.maxy,
  });

  let tributi: TributiView | null = null;
  if (personal) {
    // Every year still claimable (c. 161 L. 296/2006): today, 2021–2026.
    const years = claimableYears(new Date().toISOString().slice(0, 10));
    const [facts, delibere, tariffs] = await Promise.all([
      tax.facts.forBuilding(id),
      tax.rates.imuDelibere(b.comune),
      tax.rates.tariTariffs(b.comune),
    ]);
    tributi = tributiView(facts, years, delibere, tariffs);
    await logPersonalRead(db, user, 'building', id, 'proprietari, residenti, posizioni IMU e TARI');
  }
  return {
    building: view,
    parcels,
    addresses,
    units: units.map((u) => ({ ...u, ape: ape.filter((a) => a.unit_id === u.id) })),
    permits,
    energy: ape,
    overlays,
    events,
    tributi,
    access: { personalData: personal, canEdit: may(user, 'edit-buildings') },
  };
}
