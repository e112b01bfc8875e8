// Writes a comune's layers to a GeoPackage in the chosen CRS, from one consistent snapshot of the store.
import { renameSync, rmSync, statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { type Transform, transformer } from '../../domain/crs/crs.ts';
import { epsgCode, epsgEntry } from '../../domain/crs/epsg.ts';
import { CRS_WKT, crsInfo } from '../../domain/crs/wkt.ts';
import { bboxOf } from '../../domain/geometry/bbox.ts';
import { crsAreaProblem } from '../../domain/geometry/bbox-problem.ts';
import { mapCoordinates, promoteToMulti } from '../../domain/geometry/map-coordinates.ts';
import type { BBox, Geometry } from '../../domain/geometry/types.ts';
import { type GeometryTypeName, GpkgWriter } from '../gpkg/writer.ts';
import { dropArea, type ExportArea, selectArea, selectFindings } from './area.ts';
import { EXPORT_LAYERS, type ExportLayer } from './catalogue.ts';

export interface ExportOptions {
  comune: string;
  layers: string[];
  crs: string;
  area: ExportArea;
  includePersonal: boolean;
  requestedBy: string;
  /** The findings the audit_findings layer may hold (the worklist's filter, read through the audit store);
   * all when absent. */
  findingIds?: number[];
}

export interface ExportSummary {
  file: string;
  bytes: number;
  crs: string;
  layers: { id: string; count: number }[];
}

/** Options an export cannot run with; `path` names the request field at fault. */
export class ExportError extends Error {
  readonly path: string;
  constructor(message: string, path = 'layers') {
    super(message);
    this.path = path;
  }
}

/** The rights statement of an export with personal data (GDPR art. 5 and 6: purpose limitation). */
export const PERSONAL_RIGHTS =
  'Dati personali: uso riservato ai fini istituzionali del comune (Reg. UE 2016/679), ' +
  'non ridistribuibili né pubblicabili; nessuna licenza aperta';

/** The CRSs offered first (the comuni's own); any EPSG code PROJ knows is accepted too. */
export const EXPORT_CRSS = Object.keys(CRS_WKT);

function areaBox(area: Exclude<ExportArea, { kind: 'comune' }>): BBox {
  if (area.kind === 'polygon') return bboxOf(area.polygon);
  const [minx, miny, maxx, maxy] = area.bbox;
  return { minx, miny, maxx, maxy };
}

/** Checks options before any work (the comune's presence aside); throws ExportError with the reason. */
export function checkExportOptions(o: ExportOptions): ExportLayer[] {
  if (!crsInfo(o.crs))
    throw new ExportError(
      `CRS non supportato: ${o.crs} (un codice EPSG noto a PROJ, es. ${EXPORT_CRSS.join(', ')})`,
      'crs',
    );
  const code = epsgCode(o.crs);
  const use = code === null ? null : epsgEntry(code)?.area;
  if (use && o.area.kind !== 'comune') {
    const problem = crsAreaProblem(areaBox(o.area), use, o.crs.toUpperCase());
    if (problem) throw new ExportError(problem, `area.${o.area.kind}`);
  }
  if (o.layers.length === 0) throw new ExportError('nessun layer richiesto');
  const unknown = o.layers.filter((id) => !EXPORT_LAYERS.some((l) => l.id === id));
  if (unknown.length)
    throw new ExportError(
      `layer sconosciuti: ${unknown.join(', ')} (disponibili: ${EXPORT_LAYERS.map((l) => l.id).join(', ')})`,
    );
  const layers = EXPORT_LAYERS.filter((l) => o.layers.includes(l.id));
  const personal = layers.filter((l) => l.personal).map((l) => l.id);
  if (personal.length && !o.includePersonal)
    throw new ExportError(
      `i layer ${personal.join(', ')} contengono dati personali: ` +
        'vanno richiesti esplicitamente da un utente tributi o admin',
    );
  return layers;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function dublinCore(fields: Record<string, string>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `  <dc:${k}>${xml(v)}</dc:${k}>`)
    .join('\n');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n${body}\n</metadata>`
  );
}

export function runExport(
  db: DatabaseSync,
  o: ExportOptions,
  out: string,
  onProgress: (done: number, total: number) => void = () => {},
): ExportSummary {
  if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(o.comune))
    throw new ExportError(`comune ${o.comune} non presente`);
  const layers = checkExportOptions(o);
  const crs = crsInfo(o.crs)!;
  const comune = db.prepare('SELECT name FROM comuni WHERE code = ?').get(o.comune) as { name: string };
  const f: Transform = o.crs === 'EPSG:4326' ? (p) => [p[0], p[1]] : transformer('EPSG:4326', o.crs);
  const part = `${out}.part`;
  const writer = new GpkgWriter(part);
  db.exec('BEGIN'); // one snapshot for every layer
  try {
    selectArea(db, o.comune, o.area);
    if (layers.some((l) => l.id === 'audit_findings')) selectFindings(db, o.comune, o.findingIds);
    const totals = layers.map((l) => (db.prepare(`SELECT count(*) n FROM (${l.sql})`).get() as { n: number }).n);
    const total = totals.reduce((a, b) => a + b, 0);
    let done = 0;
    const summary: ExportSummary['layers'] = [];
    for (const layer of layers) {
      let type: GeometryTypeName | undefined;
      if (layer.geometry) {
        type =
          layer.geometry.kind === 'line'
            ? 'LINESTRING'
            : layer.geometry.kind === 'multiarea'
              ? 'MULTIPOLYGON'
              : db
                    .prepare(
                      `SELECT 1 FROM ${layer.geometry.table} WHERE id IN (SELECT id FROM sel_${layer.geometry.table})
                        AND geom LIKE '{"type":"MultiPolygon"%' LIMIT 1`,
                    )
                    .get()
                ? 'MULTIPOLYGON'
                : 'POLYGON';
      }
      const table = writer.createTable({
        name: layer.id,
        title: layer.title,
        description: layer.description,
        columns: layer.columns,
        ...(type ? { geometry: { type, srs: crs } } : {}),
      });
      for (const row of db.prepare(layer.sql).iterate() as Iterable<Record<string, string | number | null>>) {
        const values = Object.values(row);
        if (type) {
          const projected = mapCoordinates(JSON.parse(values[0] as string) as Geometry, f);
          const geom = type === 'MULTIPOLYGON' ? promoteToMulti(projected) : projected;
          table.add(values.slice(1), geom);
        } else table.add(values);
        if (++done % 5000 === 0) onProgress(done, total);
      }
      summary.push({ id: layer.id, count: table.count });
    }
    const date = new Date().toISOString();
    // A file with personal data is never offered under an open licence.
    const personal = layers.some((l) => l.personal);
    const common = {
      source: 'edigit — Anagrafe Territoriale',
      coverage: `${comune.name} (${o.comune})`,
      date,
      creator: o.requestedBy,
      rights: personal
        ? PERSONAL_RIGHTS
        : "CC BY 4.0 — Contiene dati dell'Agenzia delle Entrate (CC BY 4.0) ove importati; Confini: ISTAT (CC BY)",
    };
    writer.finish({
      xml: dublinCore({
        title: `Anagrafe Territoriale di ${comune.name}`,
        ...common,
        description: `Layer: ${layers.map((l) => l.id).join(', ')}; CRS ${o.crs}`,
      }),
      perTable: (name) => {
        const l = layers.find((x) => x.id === name)!;
        return dublinCore({ title: l.title, description: l.description, ...common });
      },
    });
    onProgress(total, total);
    renameSync(part, out);
    return { file: out, bytes: statSync(out).size, crs: o.crs, layers: summary };
  } catch (e) {
    writer.abort();
    rmSync(part, { force: true });
    throw e;
  } finally {
    dropArea(db);
    db.exec('COMMIT');
  }
}
