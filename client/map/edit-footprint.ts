// Footprint editing with terra-draw. terra-draw edits simple polygons only, so a footprint is exploded
// into its outer rings (one editable polygon each) and re-merged on save with its holes, unchanged.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

export type Footprint = GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface FootprintEdit {
  /** The edited footprint, holes re-attached; stops editing. */
  save(): Footprint;
  cancel(): void;
}

export function editFootprint(map: MapLibreMap, footprint: Footprint): FootprintEdit {
  const polygons = footprint.type === 'Polygon' ? [footprint.coordinates] : footprint.coordinates;
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      new TerraDrawPolygonMode(),
      new TerraDrawSelectMode({
        flags: { polygon: { feature: { coordinates: { draggable: true, midpoints: true, deletable: true } } } },
      }),
    ],
  });
  draw.start();
  const results = draw.addFeatures(
    polygons.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [p[0]!] },
      properties: { mode: 'polygon' },
    })),
  );
  const bad = results.find((r) => !r.valid);
  if (bad) {
    draw.stop();
    throw new Error(`impronta non modificabile: ${bad.reason ?? 'geometria non accettata'}`);
  }
  const ids = results.map((r) => r.id!);
  draw.setMode('select');
  if (ids.length === 1) draw.selectFeature(ids[0]!);
  (window as unknown as { __edigitDraw?: TerraDraw }).__edigitDraw = draw; // for browser tests
  return {
    save() {
      const merged = ids.map((id, i) => {
        const outer = (draw.getSnapshotFeature(id)!.geometry as GeoJSON.Polygon).coordinates[0]!;
        return [outer, ...polygons[i]!.slice(1)];
      });
      draw.stop();
      return merged.length === 1
        ? { type: 'Polygon', coordinates: merged[0]! }
        : { type: 'MultiPolygon', coordinates: merged };
    },
    cancel() {
      draw.stop();
    },
  };
}
