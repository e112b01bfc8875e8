// The Edificio Digitale: a building with everything the register knows about it.
import { area, centroid } from '@turf/turf';
import type { AreaGeometry } from '../domain/geometry/types.ts';
import { claimableYears } from '../domain/tax/index.ts';
import type { User } from '../domain/users/user.ts';
import { may } from '../policy/policy.ts';
import type { BuildingRecords, BuildingRow, DossierUnit, EnergyCertificate } from '../store/buildings.ts';
import type { Store } from '../store/store.ts';
import { type TributiView, tributiView } from './tributi.ts';

export const etagOf = (b: { id: number; version: number }) => `"b${b.id}-v${b.version}"`;

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

/** The Edificio Digitale as GET /api/buildings/{id} sends it (the client's type too). */
export interface DossierView extends Omit<BuildingRecords, 'building' | 'units'> {
  building: BuildingView;
  units: (DossierUnit & { ape: EnergyCertificate[] })[];
  tributi: TributiView | null;
  access: { personalData: boolean; canEdit: boolean };
}

/**
 * The Edificio Digitale: the building's records, and for roles that may see personal data its tax section (owners,
 * residents, IMU and TARI per year), whose read is logged.
 */
export async function dossier(
  store: Pick<Store, 'buildings' | 'taxFacts' | 'taxRates' | 'readLog'>,
  user: User,
  id: number,
): Promise<DossierView> {
  const r = await store.buildings.records(user, id);
  const personal = may(user, 'personal-data');
  const view = buildingView(r.building);

  let tributi: TributiView | null = null;
  if (personal) {
    // Every year still claimable (c. 161 L. 296/2006): today, 2021–2026.
    const years = claimableYears(new Date().toISOString().slice(0, 10));
    const [facts, delibere, tariffs] = await Promise.all([
      store.taxFacts.forBuilding(id),
      store.taxRates.imuDelibere(r.building.comune),
      store.taxRates.tariTariffs(r.building.comune),
    ]);
    tributi = tributiView(facts, years, delibere, tariffs);
    await store.readLog.record(user, 'building', id, 'proprietari, residenti, posizioni IMU e TARI');
  }
  return {
    building: view,
    parcels: r.parcels,
    addresses: r.addresses,
    units: r.units.map((u) => ({ ...u, ape: r.energy.filter((a) => a.unit_id === u.id) })),
    permits: r.permits,
    energy: r.energy,
    overlays: r.overlays,
    events: r.events,
    tributi,
    access: { personalData: personal, canEdit: may(user, 'edit-buildings') },
  };
}
