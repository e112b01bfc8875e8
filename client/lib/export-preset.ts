/** An export prepared elsewhere (the worklist's GeoPackage): which comune, layers and drawn area to start from. */
export interface ExportPreset { comune: string; area: GeoJSON.Polygon | null; layers: string[] }
