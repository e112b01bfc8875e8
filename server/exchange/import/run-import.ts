// One import: read the file in its format, then apply (or dry-run) it as one transaction.
import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { CRS_HINT, isSupportedCrs } from '../../domain/crs/crs.ts';
import { applyBatch, type ImportReport } from './apply.ts';
import { batchFromCxf, batchFromInspireGeoJson, batchFromInspireGml, FormatError } from './formats.ts';
import { batchFromGpkg, parseMapping, type GpkgTarget } from './gpkg-read.ts';
import { applyTaxCsv, TAX_CSV_KINDS, type TaxCsvKind } from './tax-csv.ts';

export const IMPORT_FORMATS = ['cxf', 'inspire', 'gpkg', ...TAX_CSV_KINDS] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportRequest {
  format: ImportFormat;
  file: string; // path on disk
  name: string; // the name the user knows it by
  comune: string;
  crs?: string;
  layer?: string;
  mapping?: string;
  /** GeoPackage only: import the layer as parcels (default) or buildings. */
  target?: GpkgTarget;
  dryRun: boolean;
  partial: boolean;
  username: string;
}

export function runImport(db: DatabaseSync, r: ImportRequest, onProgress?: (done: number, total: number) => void): ImportReport {
  if (!(IMPORT_FORMATS as readonly string[]).includes(r.format)) throw new FormatError(`formato sconosciuto: ${r.format} (ammessi: ${IMPORT_FORMATS.join(', ')})`);
  if (r.crs && !isSupportedCrs(r.crs)) throw new FormatError(`CRS non supportato: ${r.crs} (${CRS_HINT})`);
  const options = { dryRun: r.dryRun, partial: r.partial, username: r.username, format: r.format, file: r.name, onProgress };
  if ((TAX_CSV_KINDS as readonly string[]).includes(r.format)) return applyTaxCsv(db, r.format as TaxCsvKind, readFileSync(r.file, 'utf8'), r.comune, options);
  switch (r.format) {
    case 'cxf': return applyBatch(db, batchFromCxf(readFileSync(r.file, 'latin1'), r.comune, r.crs), options);
    case 'inspire': {
      const text = readFileSync(r.file, 'utf8');
      return applyBatch(db, text.trimStart().startsWith('<') ? batchFromInspireGml(text, r.comune) : batchFromInspireGeoJson(text, r.comune), options);
    }
    default: return applyBatch(db, batchFromGpkg(r.file, r.comune, { mapping: parseMapping(r.mapping), ...(r.layer ? { layer: r.layer } : {}), ...(r.crs ? { crs: r.crs } : {}), ...(r.target ? { target: r.target } : {}) }), options);
  }
}
