// Search by address, by foglio/particella[/sub] and by building code, inside the user's comuni.
import type { Db } from '../../db/open.ts';
import { parseCadastralRef } from '../../domain/cadastre/reference.ts';
import { ftsQuery } from '../shared/fts-query.ts';
import {
  type Box,
  buildingCode,
  buildingResult,
  cadastralResult,
  indexResult,
  RANKED_MATCHES,
  streetResult,
} from '../shared/search-results.ts';
import type { SearchResult } from '../store.ts';
import { prepared } from './prepared.ts';

/** A parcel by foglio and particella in the user's comuni (index parcels_key, migration 012). */
export const parcelByKey = (inScope: string) => `SELECT p.comune, p.foglio, p.particella, p.minx, p.miny, p.maxx,
    p.maxy, (SELECT bp.building_id FROM building_parcels bp WHERE bp.parcel_id = p.id LIMIT 1) AS building_id
  FROM parcels p WHERE p.foglio = ? AND p.particella = ? AND p.comune IN ${inScope} LIMIT ?`;

/** A unit by its key without sezione (index units_key, migration 012). */
export const UNIT_BY_KEY =
  'SELECT building_id, categoria FROM units WHERE comune = ? AND foglio = ? AND particella = ? AND subalterno = ?';

/** The bounding boxes of the matches' streets or buildings, in one query. */
function boxesOf(db: Db, table: 'streets' | 'buildings', matches: { ref_id: number }[]): Map<number, Box> {
  if (matches.length === 0) return new Map();
  const rows = prepared(
    db,
    `SELECT id, minx, miny, maxx, maxy FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(matches.map((m) => m.ref_id))) as (Box & { id: number })[];
  return new Map(rows.map(({ id, ...b }) => [id, b]));
}

export function search(db: Db, comuni: string[], q: string, limit = 10): SearchResult[] {
  if (comuni.length === 0) return [];
  const inScope = `(${comuni.map(() => '?').join(', ')})`;
  const results: SearchResult[] = [];
  const ref = parseCadastralRef(q);
  if (ref) {
    const rows = prepared(db, parcelByKey(inScope)).all(ref.foglio, ref.particella, ...comuni, limit) as (Box & {
      comune: string;
      foglio: string;
      particella: string;
      building_id: number | null;
    })[];
    for (const r of rows) {
      const u = ref.subalterno
        ? (prepared(db, UNIT_BY_KEY).get(r.comune, r.foglio, r.particella, ref.subalterno) as
            | { building_id: number | null; categoria: string }
            | undefined)
        : undefined;
      if (ref.subalterno && !u) continue;
      results.push(cadastralResult(r, ref.subalterno, u));
    }
  }
  const code = buildingCode(q);
  if (code) {
    const b = prepared(
      db,
      `SELECT id, code, comune, minx, miny, maxx, maxy FROM buildings WHERE code = ? AND comune IN ${inScope}`,
    ).get(code, ...comuni) as (Box & { id: number; code: string; comune: string }) | undefined;
    // the building asked for by its code: addresses that share its digits would only bury it (and cost 0.5 ms)
    if (b) return [...results, buildingResult(b)];
  }
  const fts = ftsQuery(q);
  if (fts && results.length < limit) {
    const streets = prepared(
      db,
      `SELECT label, ref_id, comune FROM street_search WHERE street_search MATCH ? AND comune IN ${inScope}
        ORDER BY rank LIMIT ?`,
    ).all(fts, ...comuni, limit - results.length) as { label: string; ref_id: number; comune: string }[];
    const boxes = boxesOf(db, 'streets', streets);
    for (const r of streets) {
      const b = boxes.get(r.ref_id);
      if (b) results.push(streetResult(r, b));
    }
  }
  if (fts && results.length < limit) {
    // Ranking reads every match: for a prefix that matches most addresses ("vi", "via") it would cost a tenth
    // of a second, and the streets above are the answer the user is typing towards. Those take the first.
    const many =
      (
        prepared(db, 'SELECT count(*) AS n FROM (SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT ?)').get(
          fts,
          RANKED_MATCHES + 1,
        ) as { n: number }
      ).n > RANKED_MATCHES;
    const rows = prepared(
      db,
      `SELECT label, kind, ref_id, comune FROM search_index WHERE search_index MATCH ?
        AND comune IN ${inScope} ${many ? '' : 'ORDER BY rank'} LIMIT ?`,
    ).all(fts, ...comuni, limit - results.length) as { label: string; kind: string; ref_id: number; comune: string }[];
    const boxes = boxesOf(db, 'buildings', rows);
    for (const r of rows) {
      const b = boxes.get(r.ref_id);
      if (b && !results.some((x) => x.building_id === r.ref_id && x.kind === 'building'))
        results.push(indexResult(r, b));
    }
  }
  return results;
}
