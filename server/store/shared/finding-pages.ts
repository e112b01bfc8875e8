// The findings list a page at a time, and the read log's lines for what it showed: alike in both engines.
import type { FindingItem } from '../audit.ts';
import { encodeCursor } from './finding-cursor.ts';
import { describe, type ListFilter } from './finding-filter.ts';
import { type ItemRow, toItem } from './finding-rows.ts';

export type FindingPage = { items: FindingItem[]; next: string | null };

/** A page from the up to `limit` + 1 rows read after its cursor: the one more says that a next page exists. */
export function pageOf(rows: ItemRow[], limit: number): FindingPage {
  const items = rows.slice(0, limit).map(toItem);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(last.claimable_eur, last.id) : null };
}

/** Every finding of a filter, following `page` from the first page to the last, 1000 at a time. */
export async function* everyFinding(page: (size: number, cursor: string | undefined) => Promise<FindingPage>) {
  let cursor: string | undefined;
  do {
    const p = await page(1000, cursor);
    yield* p.items;
    cursor = p.next ?? undefined;
  } while (cursor);
}

/** The read log's line for a page of the list. */
export const listReadNote = (f: ListFilter, ids: number[]) =>
  `elenco segnalazioni (${describe(f)}): ${ids.length} righe, id ${ids.join(',') || '—'}`;

/** The read log's line for an export of the list. */
export const exportReadNote = (f: ListFilter) => `esportazione CSV delle segnalazioni (${describe(f)})`;
