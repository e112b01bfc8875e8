// Applies parsed cadastral features to the register in one transaction, keyed by cadastral reference
// so that importing the same file twice duplicates nothing. A dry run does the same work and rolls back.

import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { area } from '@turf/turf';
import { lookupBelfiore } from '../../domain/cadastre/belfiore.ts';
import { bboxOf } from '../../domain/geometry/bbox.ts';
import type { AreaGeometry, Position } from '../../domain/geometry/types.ts';
import { recordChange } from '../../store/sqlite/record-change.ts';
import { finishImportLog, logImport, transactionOrDryRun } from './import-log.ts';
import { repairArea } from './repair.ts';

export interface ParcelKey {
  sezione: string;
  foglio: string;
  particella: string;
}
export interface IncomingParcel extends ParcelKey {
  source: string;
  kind: 'particella' | 'strada' | 'acqua';
  geometry: unknown;
  qualita?: string | null;
  classe?: string | null;
  superficie?: number | null;
  reddito_dominicale?: number | null;
  reddito_agrario?: number | null;
}
export interface IncomingBuilding {
  source: string;
  code: string;
  parcel: ParcelKey | null;
  geometry: unknown;
}
/** `rejected`: what the format reader already refused (bad references, other comuni). */
export interface ImportBatch {
  comune: string;
  parcels: IncomingParcel[];
  buildings: IncomingBuilding[];
  rejected?: Rejection[];
}

export interface Rejection {
  source: string;
  reason: string;
  message: string;
  location?: Position;
}
/** Counts by what was imported: parcels and buildings, or tax positions, payments, residents. */
export type Tally = Record<string, number>;
export interface ImportReport {
  format: string;
  file: string;
  comune: string;
  dryRun: boolean;
  outcome: 'applied' | 'dry-run' | 'refused';
  comuneAdded: boolean;
  read: Tally;
  added: Tally;
  updated: Tally;
  unchanged: Tally;
  rejected: Rejection[];
  repaired: { source: string; repairs: string[] }[];
  message?: string;
}
export interface ApplyOptions {
  dryRun: boolean;
  partial: boolean;
  username: string;
  format: string;
  file: string;
  onProgress?: (done: number, total: number) => void;
  /** The background job the import runs in, written on its log line. */
  jobId?: string;
}

/** Refused before writing anything: the report says why. */
export class ImportRefused extends Error {
  readonly report: ImportReport;
  constructor(report: ImportReport) {
    super(report.message);
    this.report = report;
  }
}

/** Report keys, in Italian as the users read them. */
const TALLY: Record<IncomingParcel['kind'], string> = { particella: 'particelle', strada: 'strade', acqua: 'acque' };
const keyOf = (k: ParcelKey) => `${k.sezione}|${k.foglio}|${k.particella}`;
const round = (n: number) => Math.round(n * 100) / 100;

export function applyBatch(db: DatabaseSync, batch: ImportBatch, o: ApplyOptions): ImportReport {
  const added: Tally = {},
    updated: Tally = {},
    unchanged: Tally = {};
  const bump = (t: Tally, k: string) => {
    t[k] = (t[k] ?? 0) + 1;
  };
  const read: Tally = {};
  for (const p of batch.parcels) bump(read, TALLY[p.kind]);
  if (batch.buildings.length) read.edifici = batch.buildings.length;
  if (batch.rejected?.length) read.illeggibili = batch.rejected.length;
  const report: ImportReport = {
    format: o.format,
    file: o.file,
    comune: batch.comune,
    dryRun: o.dryRun,
    outcome: o.dryRun ? 'dry-run' : 'applied',
    comuneAdded: false,
    read,
    added,
    updated,
    unchanged,
    rejected: [...(batch.rejected ?? [])],
    repaired: [],
  };
  const log = () => logImport(db, o.username, report, o.jobId);
  const refuse = (message: string) => {
    report.outcome = 'refused';
    report.message = message;
    log();
    return new ImportRefused(report);
  };

  const existingComune = db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(batch.comune);
  const info = existingComune ? null : lookupBelfiore(batch.comune);
  if (!existingComune && !info) throw refuse(`codice Belfiore sconosciuto: ${batch.comune}`);

  // Geometry: repair what is unambiguous, reject the rest with reason and location.
  const check = <T extends { source: string; geometry: unknown }>(items: T[], key: (t: T) => string) => {
    const seen = new Map<string, string>();
    const good: (T & { geom: AreaGeometry })[] = [];
    for (const item of items) {
      const k = key(item);
      const first = seen.get(k);
      if (first) {
        report.rejected.push({
          source: item.source,
          reason: 'duplicate-key',
          message: `chiave ${k.replace(/\|/g, ' ').trim()} già presente nel file (${first})`,
        });
        continue;
      }
      seen.set(k, item.source);
      const r = repairArea(item.geometry);
      if (r.repairs.length) report.repaired.push({ source: item.source, repairs: r.repairs });
      if (!r.ok) {
        report.rejected.push({
          source: item.source,
          reason: r.problem.reason,
          message: r.problem.message,
          ...(r.problem.location ? { location: r.problem.location } : {}),
        });
        continue;
      }
      good.push({ ...item, geom: r.geometry });
    }
    return good;
  };
  const parcels = check(batch.parcels, keyOf);
  // An import for comune C writes only C's objects: a building code of another comune is a rejected row.
  const foreign = foreignBuildingCodes(
    db,
    batch.comune,
    batch.buildings.map((b) => b.code),
  );
  const own = batch.buildings.filter((b) => {
    if (!foreign.has(b.code)) return true;
    report.rejected.push({
      source: b.source,
      reason: 'other-comune',
      message: `il codice edificio ${b.code} è di un altro comune: non si importa in ${batch.comune}`,
    });
    return false;
  });
  const buildings = check(own, (b) => b.code);
  if (report.rejected.length && !o.partial && !o.dryRun) {
    throw refuse(
      `${report.rejected.length} oggetti rifiutati: nessuna modifica. ` +
        `Correggere il file o importare con l'opzione "parziale" per saltarli.`,
    );
  }

  const total = parcels.length + buildings.length;
  let done = 0;
  const tick = () => {
    if (++done % 5000 === 0) o.onProgress?.(done, total);
  };
  transactionOrDryRun(db, o.dryRun, () => {
    // The import's line first: every change below goes into the history with its id, in this transaction.
    const importId = logImport(db, o.username, report, o.jobId);
    const user = { id: null, username: o.username };
    const history = (
      entity: 'parcel' | 'building',
      entityId: number,
      before: unknown,
      after: Record<string, unknown>,
    ) => recordChange(db, { entity, entityId, user, before, after: { ...after, import_id: importId } });
    if (info) {
      db.prepare('INSERT INTO comuni (code, name, province, istat_code) VALUES (?, ?, ?, ?)').run(
        info.code,
        info.name,
        info.province,
        info.istatCode,
      );
      report.comuneAdded = true;
    }
    const findParcel = db.prepare(
      `SELECT id, geom, kind, qualita, classe, superficie, reddito_dominicale, reddito_agrario
        FROM parcels WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ?`,
    );
    const insertParcel =
      db.prepare(`INSERT INTO parcels (comune, sezione, foglio, particella, kind, qualita, classe, superficie,
        reddito_dominicale, reddito_agrario, geom, minx, miny, maxx, maxy)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const updateParcel = db.prepare(
      `UPDATE parcels SET kind = ?, qualita = ?, classe = ?, superficie = ?, reddito_dominicale = ?,
        reddito_agrario = ?, geom = ?, minx = ?, miny = ?, maxx = ?, maxy = ? WHERE id = ?`,
    );
    const parcelIds = new Map<string, number>();
    // A comune with no parcels yet (a first load): no lookups, keys are unique within the file already.
    const fresh = !db.prepare('SELECT 1 FROM parcels WHERE comune = ? LIMIT 1').get(batch.comune);
    for (const p of parcels) {
      const geom = JSON.stringify(p.geom);
      const b = bboxOf(p.geom);
      const attrs = [
        p.kind,
        p.qualita ?? null,
        p.classe ?? null,
        p.superficie ?? round(area(p.geom)),
        p.reddito_dominicale ?? null,
        p.reddito_agrario ?? null,
      ] as const;
      const cur = fresh
        ? undefined
        : (findParcel.get(batch.comune, p.sezione, p.foglio, p.particella) as
            | (Record<string, string | number | null> & { id: number })
            | undefined);
      if (!cur) {
        const id = Number(
          insertParcel.run(
            batch.comune,
            p.sezione,
            p.foglio,
            p.particella,
            ...attrs,
            geom,
            b.minx,
            b.miny,
            b.maxx,
            b.maxy,
          ).lastInsertRowid,
        );
        parcelIds.set(keyOf(p), id);
        // A creation records the key and attributes; the geometry is the object's own, not repeated here.
        history('parcel', id, null, {
          sezione: p.sezione,
          foglio: p.foglio,
          particella: p.particella,
          ...parcelAttrs(attrs),
        });
        bump(added, TALLY[p.kind]);
      } else {
        parcelIds.set(keyOf(p), cur.id);
        const next = { ...parcelAttrs(attrs), geom };
        const changed = Object.keys(next).filter((k) => cur[k] !== next[k as keyof typeof next]);
        if (changed.length === 0) bump(unchanged, TALLY[p.kind]);
        else {
          updateParcel.run(...attrs, geom, b.minx, b.miny, b.maxx, b.maxy, cur.id);
          history('parcel', cur.id, changeOf(changed, cur), changeOf(changed, next));
          bump(updated, TALLY[p.kind]);
        }
      }
      tick();
    }
    const findBuilding = db.prepare('SELECT id, geom FROM buildings WHERE code = ? AND comune = ?');
    const insertBuilding = db.prepare(
      `INSERT INTO buildings (code, comune, geom, minx, miny, maxx, maxy, use, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'altro', 'esistente')`,
    );
    const updateBuilding = db.prepare(
      `UPDATE buildings SET geom = ?, minx = ?, miny = ?, maxx = ?, maxy = ?, version = version + 1,
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    );
    const link = db.prepare('INSERT OR IGNORE INTO building_parcels VALUES (?, ?)');
    const indexBuilding = db.prepare(
      "INSERT INTO search_index (label, kind, ref_id, comune) VALUES (?, 'building', ?, ?)",
    );
    let findParcelId: StatementSync | undefined;
    for (const bl of buildings) {
      const geom = JSON.stringify(bl.geom);
      const b = bboxOf(bl.geom);
      const cur = findBuilding.get(bl.code, batch.comune) as { id: number; geom: string } | undefined;
      let id: number;
      if (!cur) {
        id = Number(insertBuilding.run(bl.code, batch.comune, geom, b.minx, b.miny, b.maxx, b.maxy).lastInsertRowid);
        indexBuilding.run(bl.code, id, batch.comune);
        history('building', id, null, { code: bl.code });
        bump(added, 'edifici');
      } else if (cur.geom === geom) {
        id = cur.id;
        bump(unchanged, 'edifici');
      } else {
        id = cur.id;
        updateBuilding.run(geom, b.minx, b.miny, b.maxx, b.maxy, id);
        // as an edit records it (buildings/update.ts): the footprint before and after
        history('building', id, { footprint: JSON.parse(cur.geom) }, { footprint: bl.geom });
        bump(updated, 'edifici');
      }
      if (bl.parcel) {
        findParcelId ??= db.prepare(
          'SELECT id FROM parcels WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ?',
        );
        const pid =
          parcelIds.get(keyOf(bl.parcel)) ??
          (
            findParcelId.get(batch.comune, bl.parcel.sezione, bl.parcel.foglio, bl.parcel.particella) as
              | { id: number }
              | undefined
          )?.id;
        if (pid) link.run(id, pid);
      }
      tick();
    }
    finishImportLog(db, importId, report);
  });
  o.onProgress?.(total, total);
  if (o.dryRun) log(); // the dry run's line was rolled back with its changes
  return report;
}

const PARCEL_ATTRS = ['kind', 'qualita', 'classe', 'superficie', 'reddito_dominicale', 'reddito_agrario'] as const;

function parcelAttrs(
  values: readonly (string | number | null)[],
): Record<(typeof PARCEL_ATTRS)[number], string | number | null> {
  return Object.fromEntries(PARCEL_ATTRS.map((k, i) => [k, values[i] ?? null])) as Record<
    (typeof PARCEL_ATTRS)[number],
    string | number | null
  >;
}

/** The changed fields of a row, the geometry as GeoJSON under `footprint` as edits record it. */
function changeOf(fields: string[], row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((k) => (k === 'geom' ? ['footprint', JSON.parse(row[k] as string)] : [k, row[k]])),
  );
}

/** Codes of the file that name buildings of another comune (looked up in one query). */
function foreignBuildingCodes(db: DatabaseSync, comune: string, codes: string[]): Set<string> {
  if (codes.length === 0) return new Set();
  const rows = db
    .prepare('SELECT code FROM buildings WHERE code IN (SELECT value FROM json_each(?)) AND comune <> ?')
    .all(JSON.stringify(codes), comune) as { code: string }[];
  // A new code that names another comune (edigit's own codes begin with the Belfiore code) is not C's either.
  const named = codes.filter((c) => {
    const prefix = BELFIORE_PREFIX.exec(c)?.[1];
    return prefix !== undefined && prefix.toUpperCase() !== comune.toUpperCase();
  });
  return new Set([...rows.map((r) => r.code), ...named]);
}

const BELFIORE_PREFIX = /^([A-Za-z]\d{3})-\d+$/;
