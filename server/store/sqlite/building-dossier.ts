// What the register links to a building, read for the Edificio Digitale (assembled in buildings/dossier.ts).
import type { Db } from '../../db/open.ts';
import type { AreaGeometry } from '../../domain/geometry/types.ts';
import type {
  BuildingEvent,
  BuildingRecords,
  BuildingRow,
  DossierAddress,
  DossierParcel,
  DossierPermit,
  DossierUnit,
  EnergyCertificate,
} from '../buildings.ts';
import { overlaysTouching } from './overlays.ts';

/** `b`: the building, already found in the user's comuni. */
export function buildingRecords(db: Db, b: BuildingRow): BuildingRecords {
  const { id } = b;
  const all = <T>(sql: string, ...params: (string | number)[]) => db.prepare(sql).all(...params) as T[];

  const parcels = all<DossierParcel>(
    `SELECT p.id, p.sezione, p.foglio, p.particella, p.qualita, p.superficie
      FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id
      WHERE bp.building_id = ? ORDER BY p.foglio, p.particella`,
    id,
  );
  const addresses = all<DossierAddress>(
    'SELECT street, civico, cap FROM addresses WHERE building_id = ? ORDER BY street, civico',
    id,
  );
  const units = all<DossierUnit>(
    `SELECT u.id, u.comune, u.sezione, u.foglio, u.particella, u.subalterno, u.categoria, u.classe, u.consistenza,
      u.rendita, u.superficie_catastale, u.superficie_escluse_scoperte, u.floor,
      (SELECT count(*) FROM residents r WHERE r.unit_id = u.id
        AND (r.until IS NULL OR r.until >= date('now'))) AS residents_count,
      (SELECT count(*) FROM ownership o WHERE o.unit_id = u.id) AS owners_count
    FROM units u WHERE u.building_id = ? ORDER BY CAST(u.subalterno AS INTEGER)`,
    id,
  );
  const energy = all<EnergyCertificate>(
    `SELECT e.unit_id, e.class, e.ep, e.issued_on, e.valid_until
      FROM energy_certificates e JOIN units u ON u.id = e.unit_id
      WHERE u.building_id = ? ORDER BY e.issued_on DESC`,
    id,
  );
  const permits = all<DossierPermit>(
    'SELECT type, number, date, state, description FROM permits WHERE building_id = ? ORDER BY date',
    id,
  );
  const events = all<BuildingEvent>(
    'SELECT kind, date, who, why FROM building_events WHERE building_id = ? ORDER BY date',
    id,
  );
  const overlays = overlaysTouching(db, b.comune, JSON.parse(b.geom) as AreaGeometry, {
    minx: b.minx,
    miny: b.miny,
    maxx: b.maxx,
    maxy: b.maxy,
  });
  return { building: b, parcels, addresses, units, energy, permits, events, overlays };
}
