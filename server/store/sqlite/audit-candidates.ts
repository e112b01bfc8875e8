// Batched reads for the audit rules: one query per comune (and year), streamed in pages of ids.
import { area } from '@turf/turf';
import type { Db } from '../../db/open.ts';
import type { AreaGeometry } from '../../domain/geometry/types.ts';
import type { AuditCandidates, BuildingWithoutUnits } from '../audit-candidates.ts';

const PAGE = 2000;

export function sqliteAuditCandidates(db: Db): AuditCandidates {
  return {
    async *buildingsWithoutUnits(comune) {
      const stmt = db.prepare(`SELECT b.id AS building_id, b.code, b.status, b.use, b.geom, b.floors_above, b.year_built,
          (SELECT json_group_array(a.street || ' ' || a.civico) FROM addresses a WHERE a.building_id = b.id) AS addresses,
          (SELECT json_group_array(json_object('foglio', p.foglio, 'particella', p.particella))
            FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id WHERE bp.building_id = b.id) AS parcels
        FROM buildings b WHERE b.comune = ? AND b.id > ? AND NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id)
        ORDER BY b.id LIMIT ?`);
      let after = 0;
      for (;;) {
        const rows = stmt.all(comune, after, PAGE) as { building_id: number; code: string; status: string; use: string; geom: string;
          floors_above: number | null; year_built: number | null; addresses: string; parcels: string }[];
        if (rows.length === 0) return;
        after = rows[rows.length - 1]!.building_id;
        yield rows.map(({ geom, addresses, parcels, ...r }): BuildingWithoutUnits => ({
          ...r, area_m2: Math.round(area(JSON.parse(geom) as AreaGeometry) * 10) / 10,
          addresses: JSON.parse(addresses) as string[], parcels: JSON.parse(parcels) as BuildingWithoutUnits['parcels'],
        }));
      }
    },
  };
}
