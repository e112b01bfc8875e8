import type { FilterValues } from '../audit/findings.ts';

/** An export prepared elsewhere (the worklist's GeoPackage): comune, layers, drawn area and the findings' filter. */
export interface ExportPreset {
  comune: string;
  area: GeoJSON.Polygon | null;
  layers: string[];
  findings?: FilterValues;
}
