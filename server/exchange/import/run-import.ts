// One import: read the file in its format, then apply (or dry-run) it as one transaction.
import { readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { CRS_HINT, isSupportedCrs } from '../../domain/crs/crs.ts';
import { applyBatch, type ImportBatch, type ImportReport } from './apply.ts';
import { batchFromCxf, batchFromInspireGeoJson, batchFromInspireGml, FormatError } from './formats.ts';
import { batchFromGpkg, type GpkgTarget, parseMapping, tooManyFeatures } from './gpkg-read.ts';
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
  /** Most objects (parcels, buildings, CSV rows) one import may hold (configuration); none when absent. */
  maxFeatures?: number;
  /** The background job it runs in (import_log.job_id). */
  jobId?: string;
}

export function runImport(
  db: DatabaseSync,
  r: ImportRequest,
  onProgress?: (done: number, total: number) => void,
): ImportReport {
  if (!(IMPORT_FORMATS as readonly string[]).includes(r.format))
    throw new FormatError(`formato sconosciuto: ${r.format} (ammessi: ${IMPORT_FORMATS.join(', ')})`);
  if (r.crs && !isSupportedCrs(r.crs)) throw new FormatError(`CRS non supportato: ${r.crs} (${CRS_HINT})`);
  const options = {
    dryRun: r.dryRun,
    partial: r.partial,
    username: r.username,
    format: r.format,
    file: r.name,
    onProgress,
    ...(r.jobId ? { jobId: r.jobId } : {}),
  };
  if ((TAX_CSV_KINDS as readonly string[]).includes(r.format)) {
    const text = readFileSync(r.file, 'utf8');
    if (r.maxFeatures !== undefined) {
      const rows = text.split('\n').filter((l) => l.trim() !== '').length - 1; // the header is no row
      if (rows > r.maxFeatures) throw tooManyFeatures(rows, r.maxFeatures);
    }
    return applyTaxCsv(db, r.format as TaxCsvKind, text, r.comune, options);
  }
  return applyBatch(db, withinLimit(batchOf(r), r.maxFeatures), options);
}

function batchOf(r: ImportRequest): ImportBatch {
  switch (r.format) {
    case 'cxf':
      return batchFromCxf(readFileSync(r.file, 'latin1'), r.comune, r.crs);
    case 'inspire': {
      const text = readFileSync(r.file, 'utf8');
      return text.trimStart().startsWith('<')
        ? batchFromInspireGml(text, r.comune)
        : batchFromInspireGeoJson(text, r.comune);
    }
    default:
      return batchFromGpkg(r.file, r.comune, {
        mapping: parseMapping(r.mapping),
        ...(r.maxFeatures !== undefined ? { maxFeatures: r.maxFeatures } : {}),
        ...(r.layer ? { layer: r.layer } : {}),
        ...(r.crs ? { crs: r.crs } : {}),
        ...(r.target ? { target: r.target } : {}),
      });
  }
}

function withinLimit(batch: ImportBatch, max: number | undefined): ImportBatch {
  const n = batch.parcels.length + batch.buildings.length;
  if (max !== undefined && n > max) throw tooManyFeatures(n, max);
  return batch;
}
