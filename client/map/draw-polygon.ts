// An area drawn on the map with terra-draw: click to add vertices, close on the first vertex, Enter or
// finish(). The closed shape stays on the map and editable (drag a vertex, drag a midpoint to add one,
// right-click a vertex to remove it) until clear(). While it is drawn or being edited it owns the map's
// clicks: a building under a vertex does not open its dossier.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

export interface PolygonDraw {
  /** Resolves with the polygon (lon/lat) when it is closed, or null when cancelled. */
  done: Promise<GeoJSON.Polygon | null>;
  /** Called with the shape after each of the user's edits once it is closed. */
  onEdit(listener: (polygon: GeoJSON.Polygon) => void): void;
  finish(): void;
  cancel(): void;
  /** Takes the shape off the map. */
  clear(): void;
}

/** Whether a drawing tool owns the map's clicks now (other click handlers step aside). */
export const isDrawing = (map: MapLibreMap) => map.getCanvasContainer().dataset.drawing === 'true';

/** Prefix of the drawing's sources and layers, apart from the footprint editor's. */
export const DRAW_AREA_PREFIX = 'draw-area';

const FILL = '#1f5fa8';

export function drawPolygon(map: MapLibreMap): PolygonDraw {
  let resolve!: (p: GeoJSON.Polygon | null) => void;
  const done = new Promise<GeoJSON.Polygon | null>((r) => (resolve = r));
  const listeners: ((p: GeoJSON.Polygon) => void)[] = [];
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: DRAW_AREA_PREFIX }),
    modes: [
      new TerraDrawPolygonMode({
        styles: { fillColor: FILL, fillOpacity: 0.15, outlineColor: FILL, outlineWidth: 2 },
      }),
      new TerraDrawSelectMode({
        flags: {
          polygon: {
            feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } },
          },
        },
        styles: { selectedPolygonColor: FILL, selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: FILL },
      }),
    ],
  });
  const container = map.getCanvasContainer();
  const own = (owned: boolean) => {
    if (owned) container.dataset.drawing = 'true';
    // after this click's other handlers have seen the flag
    else setTimeout(() => delete container.dataset.drawing, 0);
  };
  let shapeId: string | number | undefined;
  const shape = () =>
    shapeId === undefined
      ? null
      : ((draw.getSnapshotFeature(shapeId)?.geometry as GeoJSON.Polygon | undefined) ?? null);

  draw.start();
  draw.setMode('polygon');
  map.doubleClickZoom.disable();
  own(true);
  draw.on('finish', (id, { mode, action }) => {
    if (mode === 'polygon' && action === 'draw') {
      shapeId = id;
      draw.selectFeature(id);
      map.doubleClickZoom.enable();
      resolve(shape());
    } else if (id === shapeId) {
      const edited = shape();
      if (edited) for (const l of listeners) l(edited);
    }
  });
  draw.on('select', (id) => id === shapeId && own(true));
  draw.on('deselect', (id) => id === shapeId && own(false));

  const clear = () => {
    if (!draw.enabled) return;
    draw.stop();
    map.doubleClickZoom.enable();
    own(false);
  };
  return {
    done,
    onEdit: (listener) => void listeners.push(listener),
    // terra-draw closes a polygon being drawn on Enter: the button does what the key does
    finish: () => map.getCanvas().dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' })),
    cancel: () => {
      if (shapeId === undefined) {
        clear();
        resolve(null);
      }
    },
    clear,
  };
}
