// Where the server found a geometry wrong, on the map: the area a footprint shares with a neighbour in red,
// and a red point where a ring crosses itself (or wherever a problem is located), until the edit ends.
import type { FilterSpecification, GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { ApiError } from '../lib/api.ts';

/** A problem as the API details it (422): a message, and where it is when known. */
export interface GeometryProblem {
  message: string;
  reason?: string;
  location?: [number, number];
  overlap?: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

const SOURCE = 'geometry-problems';

/** The problems as map features: each overlap's area, and each located problem's point. */
export function problemFeatures(problems: readonly GeometryProblem[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: problems.flatMap((p): GeoJSON.Feature[] => [
      ...(p.overlap ? [{ type: 'Feature' as const, properties: { message: p.message }, geometry: p.overlap }] : []),
      ...(p.location
        ? [
            {
              type: 'Feature' as const,
              properties: { message: p.message },
              geometry: { type: 'Point' as const, coordinates: p.location },
            },
          ]
        : []),
    ]),
  };
}

/** Shows the problems on the map, replacing those shown before; an empty list takes them away. */
export function showProblems(map: MapLibreMap, problems: readonly GeometryProblem[]): void {
  const data = problemFeatures(problems);
  const source = map.getSource(SOURCE) as GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
    return;
  }
  if (problems.length === 0) return;
  map.addSource(SOURCE, { type: 'geojson', data });
  const polygons: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
  const layers: { type: 'fill' | 'line' | 'circle'; filter: FilterSpecification; paint: object }[] = [
    { type: 'fill', filter: polygons, paint: { 'fill-color': '#d32f2f', 'fill-opacity': 0.45 } },
    { type: 'line', filter: polygons, paint: { 'line-color': '#b71c1c', 'line-width': 2 } },
    {
      type: 'circle',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 8, 'circle-color': '#d32f2f', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    },
  ];
  for (const layer of layers)
    map.addLayer({ ...layer, id: `${SOURCE}-${layer.type}`, source: SOURCE } as LayerSpecification);
}

/** The geometry problems an API error details (a 422 on a footprint); none for any other error. */
export function problemsOf(err: unknown): GeometryProblem[] {
  if (!(err instanceof ApiError) || err.status !== 422 || !Array.isArray(err.details)) return [];
  return (err.details as GeometryProblem[]).filter((d) => typeof d?.message === 'string');
}

/** What the user reads: the error, each problem's message, and where a problem without an area is. */
export function problemText(err: unknown, problems: readonly GeometryProblem[]): string {
  if (!(err instanceof ApiError)) return String(err);
  if (problems.length === 0) return err.message;
  const where = (p: GeometryProblem) =>
    p.location && !p.overlap ? ` (${p.location.map((n) => n.toFixed(6)).join(', ')})` : '';
  return `${err.message}: ${problems.map((p) => `${p.message}${where(p)}`).join('; ')}`;
}
