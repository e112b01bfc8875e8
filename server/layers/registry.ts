// Map layers as defined in layers/*.json, checked at start-up so a bad definition stops the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROLES } from '../domain/users/user.ts';
import { LayerSource } from '../store/tiles.ts';

const Label = z.object({ it: z.string(), en: z.string() });

export const LayerDefinition = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: Label,
  public: z.boolean(),
  /** Only these roles see the layer (listed and served); others get 403 and do not find it in /api/layers. */
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  /** Features carry personal data (tax positions): every non-empty tile served is logged as a personal read. */
  personal: z.boolean().default(false),
  visible: z.boolean(),
  minzoom: z.number().int().min(0).max(22),
  source: LayerSource,
  attribution: z.string().optional(),
  style: z
    .array(
      z.object({ type: z.enum(['fill', 'line', 'symbol', 'circle']), minzoom: z.number().optional() }).passthrough(),
    )
    .min(1),
  legend: z.array(z.object({ label: Label, color: z.string(), outline: z.string().optional() })),
});
export type LayerDefinition = z.infer<typeof LayerDefinition>;

export const Basemap = z.object({
  id: z.string(),
  title: Label,
  enabled: z.boolean(),
  tiles: z.array(z.string()).min(1),
  tileSize: z.number().int(),
  attribution: z.string(),
});
export type Basemap = z.infer<typeof Basemap>;

/** Draw order, bottom to top. */
const ORDER = [
  'zoning',
  'streets',
  'parcels',
  'buildings',
  'tax-recovery',
  'audit-findings',
  'hazards',
  'constraints',
  'boundaries',
];

export interface LayerRegistry {
  layers: LayerDefinition[];
  basemaps: Basemap[];
  byId: Map<string, LayerDefinition>;
}

export function loadLayers(dir: string): LayerRegistry {
  const read = (f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const layers = ORDER.map((id) => {
    const parsed = LayerDefinition.safeParse(read(`${id}.json`));
    if (!parsed.success) throw new Error(`layers/${id}.json non valido: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
  const basemaps = z.object({ basemaps: z.array(Basemap) }).parse(read('basemaps.json')).basemaps;
  return { layers, basemaps, byId: new Map(layers.map((l) => [l.id, l])) };
}
