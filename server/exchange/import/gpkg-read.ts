// Reads a partner's GeoPackage layer into an ImportBatch, with a field mapping to cadastral keys.
import { DatabaseSync } from 'node:sqlite';
import { CRS_HINT, isSupportedCrs, type Transform, transformer } from '../../domain/crs/crs.ts';
import { mapCoordinates } from '../../domain/geometry/map-coordinates.ts';
import type { Geometry } from '../../domain/geometry/types.ts';
import { decodeGpkgGeometry, GpkgBlobError } from '../gpkg/geometry-blob.ts';
import { quoteIdent as q } from '../gpkg/schema.ts';
import type { ImportBatch, IncomingBuilding, IncomingParcel, Rejection } from './apply.ts';
import { FormatError } from './formats.ts';

/**
 * Target field → source column. Parcels need foglio and particella (sezione and land data optional);
 * buildings need code, and foglio/particella when they should be linked to their parcel.
 */
export interface FieldMapping {
  code?: string;
  sezione?: string;
  foglio: string;
  particella: string;
  qualita?: string;
  classe?: string;
  superficie?: string;
  reddito_dominicale?: string;
  reddito_agrario?: string;
}
export const DEFAULT_MAPPING: FieldMapping = {
  code: 'code',
  sezione: 'sezione',
  foglio: 'foglio',
  particella: 'particella',
  qualita: 'qualita',
  classe: 'classe',
  superficie: 'superficie',
  reddito_dominicale: 'reddito_dominicale',
  reddito_agrario: 'reddito_agrario',
};
export type GpkgTarget = 'parcels' | 'buildings';

/** "foglio=FG,particella=NUM" → mapping over the defaults. */
export function parseMapping(text: string | undefined): FieldMapping {
  const m: Record<string, string> = { ...DEFAULT_MAPPING };
  if (!text) return m as unknown as FieldMapping;
  for (const pair of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [k, v] = pair.split('=').map((s) => s?.trim());
    if (!k || !v || !(k in DEFAULT_MAPPING))
      throw new FormatError(`mappatura non valida: "${pair}" (campi: ${Object.keys(DEFAULT_MAPPING).join(', ')})`);
    m[k] = v;
  }
  return m as unknown as FieldMapping;
}

export function listGpkgLayers(
  path: string,
): { table: string; geometryColumn: string; srsId: number; view: boolean }[] {
  const db = openGpkg(path);
  try {
    return (
      db
        .prepare(
          `SELECT c.table_name AS 'table', g.column_name AS geometryColumn, g.srs_id AS srsId,
            (SELECT type FROM sqlite_master m WHERE m.name = c.table_name) = 'view' AS view
          FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
          WHERE c.data_type = 'features'`,
        )
        .all() as { table: string; geometryColumn: string; srsId: number; view: number }[]
    ).map((l) => ({ ...l, view: l.view === 1 }));
  } finally {
    db.close();
  }
}

/** A footprint or parcel of a few thousand vertices takes some kB; beyond this a geometry is an attack or an error. */
export const MAX_GEOMETRY_BYTES = 4 * 2 ** 20;

/** The refusal of a file holding more objects than one import may (EDIGIT_IMPORT_MAX_FEATURES). */
export function tooManyFeatures(count: number | string, max: number): FormatError {
  return new FormatError(
    `il file contiene ${count} oggetti: il massimo per importazione è ${max} (EDIGIT_IMPORT_MAX_FEATURES)`,
  );
}

function openGpkg(path: string): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    db.prepare('SELECT 1 FROM gpkg_contents LIMIT 1').all();
  } catch {
    throw new FormatError('il file non è un GeoPackage leggibile (manca gpkg_contents)');
  }
  return db;
}

export function batchFromGpkg(
  path: string,
  comune: string,
  o: { layer?: string; mapping: FieldMapping; crs?: string; target?: GpkgTarget; maxFeatures?: number },
): ImportBatch {
  const target = o.target ?? 'parcels';
  const layers = listGpkgLayers(path);
  if (layers.length === 0) throw new FormatError('il GeoPackage non contiene layer vettoriali');
  const guess = target === 'parcels' ? /parcel|particell/i : /building|edific|fabbricat/i;
  const layer = o.layer
    ? layers.find((l) => l.table === o.layer)
    : layers.length === 1
      ? layers[0]
      : layers.find((l) => guess.test(l.table));
  if (!layer)
    throw new FormatError(
      o.layer
        ? `layer ${o.layer} non trovato (presenti: ${layers.map((l) => l.table).join(', ')})`
        : `più layer presenti (${layers.map((l) => l.table).join(', ')}): indicare quale con --layer`,
    );
  // A view is a query the file's author wrote: a recursive or endless one would run inside the import, where
  // no timeout can stop a single SQLite step. Layers are tables in every GeoPackage a cadastre produces.
  if (layer.view)
    throw new FormatError(
      `il layer ${layer.table} è una vista (VIEW), non una tabella: si importano solo tabelle. ` +
        'Esportarlo come tabella (es. ogr2ogr) e riprovare',
    );
  const db = openGpkg(path);
  try {
    if (o.maxFeatures !== undefined) {
      const n = (
        db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${q(layer.table)} LIMIT ?)`).get(o.maxFeatures + 1) as {
          n: number;
        }
      ).n;
      if (n > o.maxFeatures) throw tooManyFeatures(`più di ${o.maxFeatures}`, o.maxFeatures);
    }
    const columns = new Set(
      (db.prepare('SELECT name FROM pragma_table_info(?)').all(layer.table) as { name: string }[]).map((c) => c.name),
    );
    for (const need of target === 'parcels' ? (['foglio', 'particella'] as const) : (['code'] as const)) {
      if (!columns.has(o.mapping[need] ?? ''))
        throw new FormatError(
          `colonna "${o.mapping[need]}" (per ${need}) assente nel layer ${layer.table}: ` +
            `indicare la mappatura, es. --map ${need}=NOME_COLONNA (colonne: ${[...columns].join(', ')})`,
        );
    }
    const srs = db
      .prepare('SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?')
      .get(layer.srsId) as { organization: string; organization_coordsys_id: number } | undefined;
    const source =
      o.crs ?? (srs && srs.organization.toUpperCase() === 'EPSG' ? `EPSG:${srs.organization_coordsys_id}` : undefined);
    if (!source || !isSupportedCrs(source))
      throw new FormatError(
        `CRS del layer non supportato (${source ?? `srs_id ${layer.srsId}`}): indicarlo con --crs, ${CRS_HINT}`,
      );
    const f: Transform | null =
      source === 'EPSG:4326' || source === 'EPSG:6706' ? null : transformer(source, 'EPSG:4326');
    const pick = (k: keyof FieldMapping) =>
      o.mapping[k] && columns.has(o.mapping[k]!) ? `${q(o.mapping[k]!)}` : 'NULL';
    const sql = `SELECT fid, ${q(layer.geometryColumn)} AS g, ${pick('sezione')} AS sezione,
      ${pick('foglio')} AS foglio, ${pick('particella')} AS particella, ${pick('code')} AS code,
      ${pick('qualita')} AS qualita, ${pick('classe')} AS classe, ${pick('superficie')} AS superficie,
      ${pick('reddito_dominicale')} AS rd, ${pick('reddito_agrario')} AS ra FROM ${q(layer.table)}`;
    const parcels: IncomingParcel[] = [];
    const buildings: IncomingBuilding[] = [];
    const rejected: Rejection[] = [];
    const reproject = (g: Geometry): Geometry => (f ? mapCoordinates(g, f) : g);
    const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
    for (const row of db.prepare(sql).iterate() as Iterable<Record<string, unknown>>) {
      const source = `feature ${row.fid}`;
      if (!(row.g instanceof Uint8Array)) {
        rejected.push({ source, reason: 'no-geometry', message: 'geometria assente' });
        continue;
      }
      if (row.g.byteLength > MAX_GEOMETRY_BYTES) {
        rejected.push({
          source,
          reason: 'geometry-too-large',
          message:
            `geometria troppo grande (${(row.g.byteLength / 2 ** 20).toFixed(1).replace('.', ',')} MB, ` +
            `massimo ${MAX_GEOMETRY_BYTES / 2 ** 20} MB): un edificio o una particella non ne ha bisogno`,
        });
        continue;
      }
      let geometry: Geometry | null;
      try {
        geometry = decodeGpkgGeometry(row.g).geometry;
      } catch (e) {
        if (e instanceof GpkgBlobError) {
          rejected.push({ source, reason: 'bad-geometry', message: e.message });
          continue;
        }
        throw e;
      }
      if (!geometry) {
        rejected.push({ source, reason: 'no-geometry', message: 'geometria vuota' });
        continue;
      }
      const foglio = String(row.foglio ?? '').trim(),
        particella = String(row.particella ?? '')
          .trim()
          .toUpperCase();
      if (target === 'buildings') {
        const code = String(row.code ?? '').trim();
        if (!/^[A-Za-z0-9._\-+/]{1,40}$/.test(code)) {
          rejected.push({ source, reason: 'bad-code', message: `codice edificio non valido: "${code.slice(0, 40)}"` });
          continue;
        }
        const linked = /^\d{1,4}$/.test(foglio) && particella !== '';
        buildings.push({
          source,
          code,
          parcel: linked
            ? {
                sezione: String(row.sezione ?? '')
                  .trim()
                  .toUpperCase(),
                foglio: String(Number(foglio)),
                particella,
              }
            : null,
          geometry: reproject(geometry),
        });
        continue;
      }
      if (!/^\d{1,4}$/.test(foglio) || particella === '') {
        rejected.push({
          source,
          reason: 'bad-reference',
          message: `foglio/particella non validi: "${foglio}"/"${particella}"`,
        });
        continue;
      }
      parcels.push({
        source,
        sezione: String(row.sezione ?? '')
          .trim()
          .toUpperCase(),
        foglio: String(Number(foglio)),
        particella,
        kind: /^STRADA/.test(particella) ? 'strada' : /^ACQUA/.test(particella) ? 'acqua' : 'particella',
        geometry: reproject(geometry),
        qualita: (row.qualita as string | null) ?? null,
        classe: row.classe === null ? null : String(row.classe),
        superficie: num(row.superficie),
        reddito_dominicale: num(row.rd),
        reddito_agrario: num(row.ra),
      });
    }
    return { comune, parcels, buildings, rejected };
  } finally {
    db.close();
  }
}
