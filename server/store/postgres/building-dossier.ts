// What the register links to a building, read for the Edificio Digitale (assembled in buildings/dossier.ts); the
// same rows in the same order as store/sqlite/building-dossier.ts. Text is ordered byte-wise (COLLATE "C"), as
// SQLite's BINARY collation does whatever the database's locale, and ties fall back to the id.
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
import type { PgPool } from './open.ts';
import { overlaysTouching } from './overlays.ts';
import { sqliteInteger } from './sql-helpers.ts';

/** `b`: the building, already found in the user's comuni. */
export async function buildingRecords(pool: PgPool, b: BuildingRow): Promise<BuildingRecords> {
  const all = async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[];
  const [parcels, addresses, units, energy, permits, events, overlays] = await Promise.all([
    all<DossierParcel>(
      `SELECT p.id, p.sezione, p.foglio, p.particella, p.qualita, p.superficie
        FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id
        WHERE bp.building_id = $1 ORDER BY p.foglio COLLATE "C", p.particella COLLATE "C", p.id`,
      [b.id],
    ),
    all<DossierAddress>(
      `SELECT street, civico, cap FROM addresses WHERE building_id = $1
        ORDER BY street COLLATE "C", civico COLLATE "C", id`,
      [b.id],
    ),
    // today as SQLite's date('now') gives it (the UTC date); owners: the rights in force today (SQLite's view
    // `ownership`, which PostgreSQL's schema does not have)
    all<DossierUnit>(
      `SELECT u.id, u.comune, u.sezione, u.foglio, u.particella, u.subalterno, u.categoria, u.classe, u.consistenza,
        u.rendita, u.superficie_catastale, u.superficie_escluse_scoperte, u.floor,
        (SELECT count(*)::integer FROM residents r WHERE r.unit_id = u.id
          AND (r.until IS NULL OR r.until COLLATE "C" >= $2)) AS residents_count,
        (SELECT count(*)::integer FROM rights o WHERE o.unit_id = u.id AND o.valid_from COLLATE "C" <= $2
          AND (o.valid_to IS NULL OR o.valid_to COLLATE "C" >= $2)) AS owners_count
      FROM units u WHERE u.building_id = $1 ORDER BY ${sqliteInteger('u.subalterno')}, u.id`,
      [b.id, new Date().toISOString().slice(0, 10)],
    ),
    all<EnergyCertificate>(
      `SELECT e.unit_id, e.class, e.ep, e.issued_on, e.valid_until
        FROM energy_certificates e JOIN units u ON u.id = e.unit_id
        WHERE u.building_id = $1 ORDER BY e.issued_on COLLATE "C" DESC, e.id`,
      [b.id],
    ),
    all<DossierPermit>(
      `SELECT type, number, date, state, description FROM permits WHERE building_id = $1
        ORDER BY date COLLATE "C", id`,
      [b.id],
    ),
    all<BuildingEvent>(
      `SELECT kind, date, who, why FROM building_events WHERE building_id = $1 ORDER BY date COLLATE "C", id`,
      [b.id],
    ),
    overlaysTouching(pool, b.comune, JSON.parse(b.geom) as AreaGeometry, {
      minx: b.minx,
      miny: b.miny,
      maxx: b.maxx,
      maxy: b.maxy,
    }),
  ]);
  return { building: b, parcels, addresses, units, energy, permits, events, overlays };
}
