import type { Db } from '../../db/open.ts';
import type { ExportLogEntry } from '../store.ts';
import { logPersonalRead } from './read-log.ts';

/**
 * Every export is logged; one with personal data is also a personal-data read (through the read log's one
 * writer), whoever made it: a user through the API, or the command line (no user id, its own name).
 */
export async function logExport(db: Db, e: ExportLogEntry): Promise<void> {
  const id = Number(
    db
      .prepare(
        'INSERT INTO export_log (username, comune, layers, crs, area, personal, features) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(e.reader.username, e.comune, e.layers.join(','), e.crs, e.area, e.personal ? 1 : 0, e.features)
      .lastInsertRowid,
  );
  if (e.personal) await logPersonalRead(db, e.reader, 'export', id, `esportazione GeoPackage ${e.file}: ${e.personal}`);
}
