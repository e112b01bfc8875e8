// MapLibre style from the server's layer definitions: no external server needed (local fonts, no basemap by default).
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { Basemap, LayerInfo } from '../lib/api.ts';

/** Vector tiles are cut up to z16 and overzoomed beyond: enough for centimetre-level drawing. */
export const TILE_MAXZOOM = 16;

export const styleLayerIds = (l: LayerInfo) => l.style.map((_, i) => `${l.id}-${i}`);

export function buildStyle(layers: LayerInfo[], basemaps: Basemap[], origin: string): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#e9e7e1' } }],
  };
  for (const b of basemaps) {
    style.sources[`basemap-${b.id}`] = {
      type: 'raster',
      tiles: b.tiles,
      tileSize: b.tileSize,
      attribution: b.attribution,
    };
    style.layers.push({
      id: `basemap-${b.id}`,
      type: 'raster',
      source: `basemap-${b.id}`,
      layout: { visibility: b.enabled ? 'visible' : 'none' },
    });
  }
  const labels: LayerSpecification[] = [];
  for (const l of layers) {
    style.sources[l.id] = {
      type: 'vector',
      tiles: [origin + l.tiles],
      minzoom: l.minzoom,
      maxzoom: TILE_MAXZOOM,
      ...(l.attribution ? { attribution: l.attribution } : {}),
    };
    l.style.forEach((s, i) => {
      const { type, layout, ...rest } = s as { type: string; layout?: Record<string, unknown> };
      // Labels go above every fill, so that buildings never hide parcel numbers.
      (type === 'symbol' ? labels : style.layers).push({
        ...rest,
        id: `${l.id}-${i}`,
        type,
        source: l.id,
        'source-layer': l.id,
        layout: { ...(layout ?? {}), visibility: l.visible ? 'visible' : 'none' },
      } as LayerSpecification);
    });
  }
  style.layers.push(...labels);
  return style;
}
