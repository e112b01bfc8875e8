import type { DatabaseSync } from 'node:sqlite';
import { EXPORT_LAYERS } from './catalogue.ts';
import type { ExportOptions, ExportSummary } from './run-export.ts';

/** Every export is logged; one with personal data is also a personal-data read. */
export function logExport(db: DatabaseSync, e: { username: string; userId?: number; options: ExportOptions; summary: ExportSummary }): void {
  const personal = e.options.layers.some((id) => EXPORT_LAYERS.find((l) => l.id === id)?.personal);
  const features = e.summary.layers.reduce((a, l) => a + l.count, 0);
  const id = Number(db.prepare('INSERT INTO export_log (username, comune, layers, crs, area, personal, features) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(e.username, e.options.comune, e.options.layers.join(','), e.options.crs, e.options.area.kind, personal ? 1 : 0, features).lastInsertRowid);
  if (personal && e.userId !== undefined) {
    db.prepare('INSERT INTO personal_data_reads (user_id, username, entity, entity_id, what) VALUES (?, ?, ?, ?, ?)')
      .run(e.userId, e.username, 'export', id, `esportazione GeoPackage: ${e.options.layers.filter((l) => EXPORT_LAYERS.find((x) => x.id === l)?.personal).join(', ')}`);
  }
}
