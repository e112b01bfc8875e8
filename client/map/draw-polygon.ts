// A minimal polygon drawing tool: click to add vertices, double-click (or finish()) to close. While it
// draws it owns the map's clicks (a building under a vertex does not open its dossier); the finished shape
// stays on the map until clear().
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';

export interface PolygonDraw {
  /** Resolves with the polygon (lon/lat), or null when cancelled. */
  done: Promise<GeoJSON.Polygon | null>;
  finish(): void;
  cancel(): void;
  /** Takes the finished shape off the map. */
  clear(): void;
}

/** Whether a drawing tool owns the map's clicks now (other click handlers step aside). */
export const isDrawing = (map: MapLibreMap) => map.getCanvasContainer().dataset.drawing === 'true';

const SOURCE = 'draw-polygon';

export function drawPolygon(map: MapLibreMap): PolygonDraw {
  const points: [number, number][] = [];
  let resolve!: (p: GeoJSON.Polygon | null) => void;
  const done = new Promise<GeoJSON.Polygon | null>((r) => (resolve = r));
  const data = (): GeoJSON.FeatureCollection => ({
    type: 'FeatureCollection',
    features:
      points.length < 2
        ? []
        : [
            {
              type: 'Feature',
              properties: {},
              geometry:
                points.length < 3
                  ? { type: 'LineString', coordinates: points }
                  : { type: 'Polygon', coordinates: [[...points, points[0]!]] },
            },
          ],
  });
  map.addSource(SOURCE, { type: 'geojson', data: data() });
  map.addLayer({
    id: `${SOURCE}-fill`,
    type: 'fill',
    source: SOURCE,
    paint: { 'fill-color': '#1f5fa8', 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: `${SOURCE}-line`,
    type: 'line',
    source: SOURCE,
    paint: { 'line-color': '#1f5fa8', 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.doubleClickZoom.disable();
  map.getCanvas().style.cursor = 'crosshair';
  map.getCanvasContainer().dataset.drawing = 'true';

  const onClick = (e: MapMouseEvent) => {
    points.push([e.lngLat.lng, e.lngLat.lat]);
    (map.getSource(SOURCE) as GeoJSONSource).setData(data());
  };
  const clear = () => {
    for (const id of [`${SOURCE}-fill`, `${SOURCE}-line`]) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(SOURCE)) map.removeSource(SOURCE);
  };
  const end = (result: GeoJSON.Polygon | null) => {
    map.off('click', onClick);
    map.off('dblclick', finish);
    map.getCanvas().style.cursor = '';
    // after this click's other handlers have seen the flag
    setTimeout(() => {
      delete map.getCanvasContainer().dataset.drawing;
      map.doubleClickZoom.enable();
    }, 0);
    if (result === null) clear();
    else
      (map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({
        type: 'Feature',
        properties: {},
        geometry: result,
      });
    resolve(result);
  };
  const finish = () => end(points.length >= 3 ? { type: 'Polygon', coordinates: [[...points, points[0]!]] } : null);
  map.on('click', onClick);
  map.on('dblclick', finish);
  return { done, finish, cancel: () => end(null), clear };
}
