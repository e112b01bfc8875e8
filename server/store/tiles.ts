// What the map's tiles read from the store: the layers' sources (data, never SQL: each engine makes its own queries
// from them) and the features of a tile in tile coordinates, ready for the encoder (tiles/mvt-encode.ts).
import { z } from 'zod';

const SPATIAL_TABLES = ['parcels', 'buildings', 'overlays', 'streets', 'comuni'] as const;
export const TILE_PROVIDERS = ['tax-recovery', 'audit-findings'] as const;
export type TileProvider = (typeof TILE_PROVIDERS)[number];

/** Where a layer's features come from (layers/*.json, checked by layers/registry.ts). */
export const LayerSource = z.union([
  z
    .object({
      table: z.enum(SPATIAL_TABLES),
      /** Only rows whose column holds one of these values (data, not SQL: the store binds them). */
      only: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string()).min(1)).optional(),
      /** The column holding the comune code, for scoping to the user's comuni. */
      comuneColumn: z.enum(['comune', 'code']).default('comune'),
      properties: z.array(z.string().regex(/^[a-z_]+$/)),
    })
    .strict(),
  /** Features computed by the store (server/store/sqlite/audit-tiles.ts) rather than read from one table. */
  z
    .object({
      provider: z.enum(TILE_PROVIDERS),
      properties: z.array(z.string().regex(/^[a-z_]+$/)),
    })
    .strict(),
]);
export type LayerSource = z.infer<typeof LayerSource>;

/** A feature of one tile, in the tile's integer coordinates. */
export interface TileFeature {
  id: number;
  type: 1 | 2 | 3; // point, linestring, polygon
  /** Integer tile coordinates: rings (polygons, exterior positive area) or parts (lines). */
  geometry: [number, number][][];
  properties: Record<string, string | number | boolean | null>;
}
