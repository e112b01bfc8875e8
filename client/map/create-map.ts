// The map: MapLibre with the worker bundled by Vite, the server's layers, and building selection.
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type VectorTileSource } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import type { Basemap, LayerInfo } from '../lib/api.ts';
import { isDrawing } from './draw-polygon.ts';
import { editFootprint, type Footprint, type FootprintEdit } from './edit-footprint.ts';
import { type GeometryProblem, showProblems } from './geometry-problems.ts';
import { type KeyboardPickText, keyboardPick } from './keyboard-pick.ts';
import { buildStyle, styleLayerIds } from './style.ts';

setWorkerUrl(workerUrl);

export const BUILDING_LAYER = 'buildings-0';

export interface MapHandle {
  map: MapLibreMap;
  setLayerVisible(layer: LayerInfo, visible: boolean): void;
  setBasemapVisible(id: string, visible: boolean): void;
  /** Highlights a building; `panelWidth` keeps it clear of the dossier panel. */
  select(id: number | null, panelWidth?: number): void;
  /** Keeps the map's centre clear of a panel over its left side (the worklist); 0 when it closes. */
  setLeftInset(width: number): void;
  flyTo(bbox: [number, number, number, number]): void;
  /** Starts editing a footprint on the map (terra-draw). */
  editFootprint(footprint: Footprint): FootprintEdit;
  /** Shows where a geometry is wrong (an empty list clears it). */
  showProblems(problems: readonly GeometryProblem[]): void;
  /** Reloads one layer's tiles after an edit. */
  refresh(layerId: string): void;
  destroy(): void;
}

export function createMap(
  container: HTMLElement,
  layers: LayerInfo[],
  basemaps: Basemap[],
  bounds: [number, number, number, number] | null,
  onBuildingClick: (id: number) => void,
  keyboardText: KeyboardPickText,
): MapHandle {
  const map = new MapLibreMap({
    container,
    style: buildStyle(layers, basemaps, location.origin),
    bounds: bounds ?? [6.6, 36.6, 18.5, 47.1],
    fitBoundsOptions: { padding: 20 },
    maxZoom: 21,
    attributionControl: { compact: false, customAttribution: 'edigit' },
  });
  // Open where the data is: a whole comune fitted to the screen can fall just below the parcels' and
  // buildings' minimum zoom (12.9 against 13), and the map would show them only after a zoom.
  const dataZoom = openingZoom(layers);
  if (bounds && map.getZoom() < dataZoom) map.jumpTo({ zoom: dataZoom });
  map.addControl(new NavigationControl({ visualizePitch: false }), 'bottom-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  let selected: number | null = null;
  const inset = { left: 0, right: 0 };
  const refreshCounts = new Map<string, number>();

  map.on('click', BUILDING_LAYER, (e) => {
    if (isDrawing(map)) return; // the drawing tool owns the clicks
    const id = e.features?.[0]?.id;
    if (typeof id === 'number') onBuildingClick(id);
  });
  keyboardPick(map, BUILDING_LAYER, keyboardText, onBuildingClick, () => isDrawing(map));
  map.on('mouseenter', BUILDING_LAYER, () => {
    map.getCanvas().style.cursor = 'pointer';
  });
  map.on('mouseleave', BUILDING_LAYER, () => {
    map.getCanvas().style.cursor = '';
  });

  const handle: MapHandle = {
    map,
    setLayerVisible(layer, visible) {
      for (const id of styleLayerIds(layer)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
    },
    setBasemapVisible(id, visible) {
      map.setLayoutProperty(`basemap-${id}`, 'visibility', visible ? 'visible' : 'none');
    },
    select(id, panelWidth = 0) {
      if (selected !== null)
        map.setFeatureState({ source: 'buildings', sourceLayer: 'buildings', id: selected }, { selected: false });
      selected = id;
      if (id !== null) map.setFeatureState({ source: 'buildings', sourceLayer: 'buildings', id }, { selected: true });
      inset.right = id === null ? 0 : panelWidth;
      map.setPadding({ top: 0, bottom: 0, ...inset });
    },
    setLeftInset(width) {
      inset.left = width;
      map.setPadding({ top: 0, bottom: 0, ...inset });
    },
    flyTo(bbox) {
      // With panels open on both sides the bounds may not fit with the padding: then centre on them at street zoom.
      const camera = map.cameraForBounds(bbox, { padding: 120, maxZoom: 19 });
      if (camera) map.flyTo({ ...camera, duration: 800 });
      else map.flyTo({ center: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], zoom: 18, duration: 800 });
    },
    refresh(layerId) {
      const layer = layers.find((l) => l.id === layerId);
      const source = map.getSource(layerId) as VectorTileSource | undefined;
      if (!layer || !source) return;
      const n = (refreshCounts.get(layerId) ?? 0) + 1;
      refreshCounts.set(layerId, n);
      source.setTiles([`${location.origin}${layer.tiles}?v=${n}`]);
    },
    editFootprint: (footprint) => editFootprint(map, footprint),
    showProblems: (problems) => showProblems(map, problems),
    destroy() {
      map.remove();
    },
  };
  // For browser tests and debugging from the console.
  (window as unknown as { __edigit?: unknown }).__edigit = { map };
  return handle;
}

/** The zoom at which every visible layer of the cadastre draws: the largest minimum zoom among them. */
export function openingZoom(layers: Pick<LayerInfo, 'visible' | 'minzoom'>[]): number {
  return Math.max(0, ...layers.filter((l) => l.visible).map((l) => l.minzoom));
}
