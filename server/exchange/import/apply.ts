// Applies parsed cadastral features to the register in one transaction, keyed by cadastral reference
// so that importing the same file twice duplicates nothing. A dry run does the same work and rolls back.
import { area } from '@turf/turf';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { lookupBelfiore } from '../../domain/cadastre/belfiore.ts';
import { bboxOf } from '../../domain/geometry/bbox.ts';
import type { AreaGeometry, Position } from '../../domain/geometry/types.ts';
import { logImport, transactionOrDryRun } from './import-log.ts';
import { repairArea } from './repair.ts';

export interface ParcelKey { sezione: string; foglio: string; particella: string }
export interface IncomingParcel extends ParcelKey {
  source: string;
  kind: 'particella' | 'strada' | 'acqua';
  geometry: unknown;
  qualita?: string | null; classe?: string | null; superficie?: number | null; reddito_dominicale?: number | null; reddito_agrario?: number | null;
}
export interface IncomingBuilding { source: string; code: string; parcel: ParcelKey | null; geometry: unknown }
/** `rejected`: what the format reader already refused (bad references, other comuni). */
export interface ImportBatch { comune: string; parcels: IncomingParcel[]; buildings: IncomingBuilding[]; rejected?: Rejection[] }

export interface Rejection { source: string; reason: string; message: string; location?: Position }
/** Counts by what was imported: parcels and buildings, or tax positions, payments, residents. */
export type Tally = Record<string, number>;
export interface ImportReport {
  format: string; file: string; comune: string; dryRun: boolean;
  outcome: 'applied' | 'dry-run' | 'refused';
  comuneAdded: boolean;
  read: Tally; added: Tally; updated: Tally; unchanged: Tally;
  rejected: Rejection[];
  repaired: { source: string; repairs: string[] }[];
  message?: string;
}
export interface ApplyOptions { dryRun: boolean; partial: boolean; username: string; format: string; file: string; onProgress?: (done: number, total: number) => void }

/** Refused before writing anything: the report says why. */
export class ImportRefused extends Error {
  readonly report: ImportReport;
  constructor(report: ImportReport) { super(report.message); this.report = report; }
}

/** Report keys, in Italian as the users read them. */
const TALLY: Record<IncomingParcel['kind'], string> = { particella: 'particelle', strada: 'strade', acqua: 'acque' };
const keyOf = (k: ParcelKey) => `${k.sezione}|${k.foglio}|${k.particella}`;
const round = (n: number) => Math.round(n * 100) / 100;

export function applyBatch(db: DatabaseSync, batch: ImportBatch, o: ApplyOptions): ImportReport {
  const added: Tally = {}, updated: Tally = {}, unchanged: Tally = {};
  const bump = (t: Tally, k: string) => { t[k] = (t[k] ?? 0) + 1; };
  const read: Tally = {};
  for (const p of batch.parcels) bump(read, TALLY[p.kind]);
  if (batch.buildings.length) read.edifici = batch.buildings.length;
  if (batch.rejected?.length) read.illeggibili = batch.rejected.length;
  const report: ImportReport = {
    format: o.format, file: o.file, comune: batch.comune, dryRun: o.dryRun, outcome: o.dryRun ? 'dry-run' : 'applied', comuneAdded: false,
    read,
    added, updated, unchanged, rejected: [...(batch.rejected ?? [])], repaired: [],
  };
  const log = () => logImport(db, o.username, report);
  const refuse = (message: string) => { report.outcome = 'refused'; report.message = message; log(); return new ImportRefused(report); };

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
      if (first) { report.rejected.push({ source: item.source, reason: 'duplicate-key', message: `chiave ${k.replace(/\|/g, ' ').trim()} già presente nel file (${first})` }); continue; }
      seen.set(k, item.source);
      const r = repairArea(item.geometry);
      if (r.repairs.length) report.repaired.push({ source: item.source, repairs: r.repairs });
      if (!r.ok) { report.rejected.push({ source: item.source, reason: r.problem.reason, message: r.problem.message, ...(r.problem.location ? { location: r.problem.location } : {}) }); continue; }
      good.push({ ...item, geom: r.geometry });
    }
    return good;
  };
  const parcels = check(batch.parcels, keyOf);
  const buildings = check(batch.buildings, (b) => b.code);
  if (report.rejected.length && !o.partial && !o.dryRun) {
    throw refuse(`${report.rejected.length} oggetti rifiutati: nessuna modifica. Correggere il file o importare con l'opzione "parziale" per saltarli.`);
  }

  const total = parcels.length + buildings.length;
  let done = 0;
  const tick = () => { if (++done % 5000 === 0) o.onProgress?.(done, total); };
  transactionOrDryRun(db, o.dryRun, () => {
    if (info) {
      db.prepare('INSERT INTO comuni (code, name, province, istat_code) VALUES (?, ?, ?, ?)').run(info.code, info.name, info.province, info.istatCode);
      report.comuneAdded = true;
    }
    const findParcel = db.prepare('SELECT id, geom, kind, qualita, classe, superficie, reddito_dominicale, reddito_agrario FROM parcels WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ?');
    const insertParcel = db.prepare(`INSERT INTO parcels (comune, sezione, foglio, particella, kind, qualita, classe, superficie, reddito_dominicale, reddito_agrario, geom, minx, miny, maxx, maxy)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const updateParcel = db.prepare('UPDATE parcels SET kind = ?, qualita = ?, classe = ?, superficie = ?, reddito_dominicale = ?, reddito_agrario = ?, geom = ?, minx = ?, miny = ?, maxx = ?, maxy = ? WHERE id = ?');
    const parcelIds = new Map<string, number>();
    // A comune with no parcels yet (a first load): no lookups, keys are unique within the file already.
    const fresh = !db.prepare('SELECT 1 FROM parcels WHERE comune = ? LIMIT 1').get(batch.comune);
    for (const p of parcels) {
      const geom = JSON.stringify(p.geom);
      const b = bboxOf(p.geom);
      const attrs = [p.kind, p.qualita ?? null, p.classe ?? null, p.superficie ?? round(area(p.geom)), p.reddito_dominicale ?? null, p.reddito_agrario ?? null] as const;
      const cur = fresh ? undefined : findParcel.get(batch.comune, p.sezione, p.foglio, p.particella) as Record<string, string | number | null> & { id: number } | undefined;
      if (!cur) {
        parcelIds.set(keyOf(p), Number(insertParcel.run(batch.comune, p.sezione, p.foglio, p.particella, ...attrs, geom, b.minx, b.miny, b.maxx, b.maxy).lastInsertRowid));
        bump(added, TALLY[p.kind]);
      } else {
        parcelIds.set(keyOf(p), cur.id);
        const same = cur.geom === geom && cur.kind === attrs[0] && cur.qualita === attrs[1] && cur.classe === attrs[2] && cur.superficie === attrs[3] && cur.reddito_dominicale === attrs[4] && cur.reddito_agrario === attrs[5];
        if (same) bump(unchanged, TALLY[p.kind]);
        else { updateParcel.run(...attrs, geom, b.minx, b.miny, b.maxx, b.maxy, cur.id); bump(updated, TALLY[p.kind]); }
      }
      tick();
    }
    const findBuilding = db.prepare('SELECT id, geom FROM buildings WHERE code = ?');
    const insertBuilding = db.prepare("INSERT INTO buildings (code, comune, geom, minx, miny, maxx, maxy, use, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'altro', 'esistente')");
    const updateBuilding = db.prepare("UPDATE buildings SET geom = ?, minx = ?, miny = ?, maxx = ?, maxy = ?, version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?");
    const link = db.prepare('INSERT OR IGNORE INTO building_parcels VALUES (?, ?)');
    const indexBuilding = db.prepare("INSERT INTO search_index (label, kind, ref_id, comune) VALUES (?, 'building', ?, ?)");
    let findParcelId: StatementSync | undefined;
    for (const bl of buildings) {
      const geom = JSON.stringify(bl.geom);
      const b = bboxOf(bl.geom);
      const cur = findBuilding.get(bl.code) as { id: number; geom: string } | undefined;
      let id: number;
      if (!cur) {
        id = Number(insertBuilding.run(bl.code, batch.comune, geom, b.minx, b.miny, b.maxx, b.maxy).lastInsertRowid);
        indexBuilding.run(bl.code, id, batch.comune);
        bump(added, 'edifici');
      }
      else if (cur.geom === geom) { id = cur.id; bump(unchanged, 'edifici'); }
      else { id = cur.id; updateBuilding.run(geom, b.minx, b.miny, b.maxx, b.maxy, id); bump(updated, 'edifici'); }
      if (bl.parcel) {
        findParcelId ??= db.prepare('SELECT id FROM parcels WHERE comune = ? AND sezione = ? AND foglio = ? AND particella = ?');
        const pid = parcelIds.get(keyOf(bl.parcel)) ?? (findParcelId.get(batch.comune, bl.parcel.sezione, bl.parcel.foglio, bl.parcel.particella) as { id: number } | undefined)?.id;
        if (pid) link.run(id, pid);
      }
      tick();
    }
  });
  o.onProgress?.(total, total);
  log();
  return report;
}
