import type { Db } from '../../db/open.ts';
import { logPersonalRead } from '../../store/sqlite/read-log.ts';
import type { Reader } from '../../store/store.ts';
import { EXPORT_LAYERS } from './catalogue.ts';
import type { ExportOptions, ExportSummary } from './run-export.ts';

const isPersonal = (id: string) => EXPORT_LAYERS.find((l) => l.id === id)?.personal === true;

/** What a personal export holds, for the read log: its personal layers and how many subjects. */
export function personalContents(layers: { id: string; count: number }[]): string | null {
  const personal = layers.filter((l) => isPersonal(l.id));
  if (personal.length === 0) return null;
  const subjects = layers.find((l) => l.id === 'subjects')?.count;
  return (
    `${personal.map((l) => `${l.id} (${l.count})`).join(', ')}` +
    `${subjects === undefined ? '' : `; ${subjects} soggetti`}`
  );
}

/**
 * Every export is logged; one with personal data is also a personal-data read (through the read log's one
 * writer), whoever made it: a user through the API, or the command line (no user id, its own name).
 */
export async function logExport(
  db: Db,
  e: { reader: Reader; options: ExportOptions; summary: ExportSummary },
): Promise<void> {
  const contents = personalContents(e.summary.layers);
  const features = e.summary.layers.reduce((a, l) => a + l.count, 0);
  const id = Number(
    db
      .prepare(
        'INSERT INTO export_log (username, comune, layers, crs, area, personal, features) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        e.reader.username,
        e.options.comune,
        e.options.layers.join(','),
        e.options.crs,
        e.options.area.kind,
        contents ? 1 : 0,
        features,
      ).lastInsertRowid,
  );
  if (contents)
    await logPersonalRead(db, e.reader, 'export', id, `esportazione GeoPackage ${e.summary.file}: ${contents}`);
}
