// The dashboard's choropleth: the parcels of each foglio filled by the € claimable there (from
// /api/audit/summary), as a data-driven style over the parcels' vector tiles. Classes by quantile.
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';

const LAYER = 'audit-foglio-choropleth';
/** ColorBrewer YlOrRd, 5 classes. */
const COLORS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

export interface ChoroplethClass {
  from: number;
  to: number;
  color: string;
}

/** Quantile breaks of the values, at most five classes, each with its colour. */
export function classes(values: number[]): ChoroplethClass[] {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (!sorted.length) return [];
  const n = Math.min(COLORS.length, sorted.length);
  const out: ChoroplethClass[] = [];
  for (let i = 0; i < n; i++) {
    const from = sorted[Math.floor((i * sorted.length) / n)]!;
    const to = sorted[Math.max(Math.floor(((i + 1) * sorted.length) / n) - 1, 0)]!;
    if (out.length && from <= out[out.length - 1]!.to) out[out.length - 1]!.to = to;
    else out.push({ from, to, color: COLORS[Math.round((i * (COLORS.length - 1)) / Math.max(n - 1, 1))]! });
  }
  return out;
}

/** Fills the comune's parcels by their foglio's €; returns the legend. Replaces a previous choropleth. */
export function showFoglioChoropleth(
  map: MapLibreMap,
  comune: string,
  byFoglio: { key: string | number; claimable_eur: number }[],
): ChoroplethClass[] {
  hideFoglioChoropleth(map);
  const legend = classes(byFoglio.map((f) => f.claimable_eur));
  const colorOf = (eur: number) => legend.find((c) => eur <= c.to)?.color ?? legend[legend.length - 1]?.color;
  const pairs = byFoglio.filter((f) => f.claimable_eur > 0).flatMap((f) => [String(f.key), colorOf(f.claimable_eur)!]);
  if (!pairs.length) return legend;
  const fill = ['match', ['get', 'foglio'], ...pairs, 'rgba(0,0,0,0)'] as unknown as ExpressionSpecification;
  // Above the parcels' own fill, below buildings, so that the buildings stay readable.
  const before = map.getLayer('buildings-0') ? 'buildings-0' : undefined;
  map.addLayer(
    {
      id: LAYER,
      type: 'fill',
      source: 'parcels',
      'source-layer': 'parcels',
      filter: ['==', ['get', 'comune'], comune],
      paint: { 'fill-color': fill, 'fill-opacity': 0.75 },
    },
    before,
  );
  return legend;
}

export function hideFoglioChoropleth(map: MapLibreMap): void {
  if (map.getLayer(LAYER)) map.removeLayer(LAYER);
}
