import type { ExportLogEntry, Reader } from '../../store/store.ts';
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

/** An export made, as the store logs it (store.readLog.export): what was asked, what came out, what is personal. */
export function exportLogEntry(reader: Reader, options: ExportOptions, summary: ExportSummary): ExportLogEntry {
  return {
    reader,
    comune: options.comune,
    layers: options.layers,
    crs: options.crs,
    area: options.area.kind,
    features: summary.layers.reduce((a, l) => a + l.count, 0),
    file: summary.file,
    personal: personalContents(summary.layers),
  };
}
