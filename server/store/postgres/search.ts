// Search by address, by foglio/particella[/sub] and by building code, inside the user's comuni (the reference:
// sqlite/search.ts). SQLite matches with FTS5 (unicode61, diacritics removed, every word a prefix of a word of the
// label) and ranks with its bm25; here a full-text index over the label's folded words (split where FTS5 splits:
// edigit_words, migration 017) answers the same prefix query, and bm25 is computed as FTS5 computes it, over the
// same statistics of the whole table, so that both engines answer the same results in the same order.
import type { PoolClient } from 'pg';
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
import type { SearchResult, Store } from '../store.ts';
import type { PgPool } from './open.ts';
import { bboxColumns } from './sql-helpers.ts';
import { pgTransaction } from './transaction.ts';

const LIMIT = 10;

type Table = 'search_index' | 'street_search';
/** A matching row of either table, with its words: how many (d) and how many each query word begins (f). */
type Match = { id: number; label: string; kind?: string; ref_id: number; comune: string; d: number; f: number[] };

/** The query's words as FTS5 gets them: those of the SQLite engine's own query, which quotes each one. */
const wordsOf = (fts: string) => [...fts.matchAll(/"([^"]*)"\*/g)].map((m) => m[1]!);

/** A query word as a prefix lexeme of tsquery's input syntax ('word':*, quotes and backslashes escaped). */
const prefix = (i: number) => `'''' || replace(replace(edigit_fold($${i + 1}), '\\', '\\\\'), '''', '''''') || ''':*'`;

/** WHERE: rows of `table` (as s) whose label has, for every word ($1…$n), a word beginning with it (the index). */
const wordsMatch = (n: number) =>
  `array_to_tsvector(edigit_words(s.label)) @@ (${Array.from({ length: n }, (_, i) => prefix(i)).join(
    " || ' & ' || ",
  )})::tsquery`;

/**
 * FROM … WHERE for the matching rows of `table`, with `k.d` the label's words and `k.f[i]` those that begin
 * with word i (bm25's statistics, counted only for the rows that match).
 */
function matching(table: Table, n: number): string {
  const counts = Array.from(
    { length: n },
    (_, i) => `count(*) FILTER (WHERE starts_with(tok, edigit_fold($${i + 1})))::int`,
  );
  return `FROM ${table} s CROSS JOIN LATERAL (SELECT count(*)::int AS d, ARRAY[${counts.join(', ')}] AS f
    FROM unnest(edigit_words(s.label)) tok) k
  WHERE ${wordsMatch(n)}`;
}

/** How many rows of the whole table match, counted up to `cap`. */
async function countUpTo(c: PoolClient, table: Table, words: string[], cap: number): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} s WHERE ${wordsMatch(words.length)}
      LIMIT $${words.length + 1}) m`,
    [...words, cap],
  );
  return rows[0]!.n;
}

/**
 * Rows and words of a whole table, for bm25's average length, and the rows each word begins a word of (its idf):
 * kept per pool while the table's last id stays (labels are only ever added — seed, import — never changed or
 * removed, so the last id moves whenever the statistics do).
 */
type Corpus = { rows: number; tokens: number; hits: Map<string, number> };
const corpora = new WeakMap<PgPool, Map<Table, { last: number; corpus: Corpus }>>();

async function corpusOf(pool: PgPool, c: PoolClient, table: Table): Promise<Corpus> {
  const { rows } = await c.query<{ last: number }>(`SELECT coalesce(max(id), 0) AS last FROM ${table}`);
  const last = rows[0]!.last;
  const known = corpora.get(pool)?.get(table);
  if (known?.last === last) return known.corpus;
  const counted = await c.query<{ rows: number; tokens: number }>(
    `SELECT count(*)::int AS rows, coalesce(sum(cardinality(edigit_words(label))), 0)::float8 AS tokens
      FROM ${table}`,
  );
  const corpus = { ...counted.rows[0]!, hits: new Map<string, number>() };
  if (!corpora.has(pool)) corpora.set(pool, new Map());
  corpora.get(pool)!.set(table, { last, corpus });
  return corpus;
}

/**
 * FTS5's bm25 (k1 1.2, b 0.75), as sqlite3's fts5_aux.c computes it: the same operations in the same order, so
 * that equal labels tie exactly and the order of the rest is SQLite's. Returns FTS5's rank (lower is better).
 */
async function rankOf(pool: PgPool, c: PoolClient, table: Table, words: string[]): Promise<(m: Match) => number> {
  const k1 = 1.2;
  const b = 0.75;
  const corpus = await corpusOf(pool, c, table);
  const avgdl = corpus.tokens / corpus.rows;
  const idf: number[] = [];
  for (const w of words) {
    // From half of the rows on, the idf is FTS5's floor whatever the count: counting stops there.
    const half = Math.ceil(corpus.rows / 2);
    let hits = corpus.hits.get(w);
    if (hits === undefined) {
      hits = await countUpTo(c, table, [w], half);
      if (corpus.hits.size > 10_000) corpus.hits.clear(); // words typed are few; a flood of odd ones is not kept
      corpus.hits.set(w, hits);
    }
    const v = Math.log((corpus.rows - hits + 0.5) / (hits + 0.5));
    idf.push(v <= 0 ? 1e-6 : v);
  }
  return (m) => {
    let score = 0;
    for (let i = 0; i < words.length; i++) {
      const f = m.f[i]!;
      score += idf[i]! * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + (b * m.d) / avgdl)));
    }
    return -1.0 * score;
  };
}

/** The matches in the comuni: up to `limit`, by FTS5's rank then id (its ties come in rowid order), or by id. */
async function matches(
  pool: PgPool,
  c: PoolClient,
  table: Table,
  words: string[],
  comuni: string[],
  limit: number,
  ranked: boolean,
): Promise<Match[]> {
  const n = words.length;
  const { rows } = await c.query<Match>(
    `SELECT s.*, k.d, k.f ${matching(table, n)} AND s.comune = ANY($${n + 1}::text[])
      ${ranked ? '' : `ORDER BY s.id LIMIT $${n + 2}`}`,
    ranked ? [...words, comuni] : [...words, comuni, limit],
  );
  if (!ranked || rows.length === 0) return rows;
  const rank = await rankOf(pool, c, table, words);
  return rows
    .map((m) => ({ m, r: rank(m) }))
    .sort((p, q) => p.r - q.r || p.m.id - q.m.id)
    .slice(0, limit)
    .map((p) => p.m);
}

/** The bounding boxes of the matches' streets or buildings, in one query. */
async function boxesOf(c: PoolClient, table: 'streets' | 'buildings', ids: number[]): Promise<Map<number, Box>> {
  if (ids.length === 0) return new Map();
  const { rows } = await c.query<Box & { id: number }>(
    `SELECT id, ${bboxColumns('geom')} FROM ${table} WHERE id = ANY($1::int[])`,
    [ids],
  );
  return new Map(rows.map(({ id, ...b }) => [id, b]));
}

async function search(pool: PgPool, c: PoolClient, comuni: string[], q: string): Promise<SearchResult[]> {
  const results: SearchResult[] = [];
  const ref = parseCadastralRef(q);
  if (ref) {
    // SQLite walks its index parcels_key: comuni in code order (bytes), then parcels by id.
    const { rows } = await c.query<
      Box & { comune: string; foglio: string; particella: string; building_id: number | null }
    >(
      `SELECT p.comune, p.foglio, p.particella, ${bboxColumns('p.geom')},
        (SELECT bp.building_id FROM building_parcels bp WHERE bp.parcel_id = p.id ORDER BY bp.building_id LIMIT 1)
          AS building_id
      FROM parcels p WHERE p.foglio = $1 AND p.particella = $2 AND p.comune = ANY($3::text[])
      ORDER BY p.comune COLLATE "C", p.id LIMIT $4`,
      [ref.foglio, ref.particella, comuni, LIMIT],
    );
    for (const r of rows) {
      const u = ref.subalterno
        ? (
            await c.query<{ building_id: number | null; categoria: string }>(
              `SELECT building_id, categoria FROM units
                WHERE comune = $1 AND foglio = $2 AND particella = $3 AND subalterno = $4 ORDER BY id LIMIT 1`,
              [r.comune, r.foglio, r.particella, ref.subalterno],
            )
          ).rows[0]
        : undefined;
      if (ref.subalterno && !u) continue;
      results.push(cadastralResult(r, ref.subalterno, u));
    }
  }
  const code = buildingCode(q);
  if (code) {
    const b = (
      await c.query<Box & { id: number; code: string; comune: string }>(
        `SELECT id, code, comune, ${bboxColumns('geom')} FROM buildings WHERE code = $1 AND comune = ANY($2::text[])`,
        [code, comuni],
      )
    ).rows[0];
    // the building asked for by its code: addresses that share its digits would only bury it
    if (b) return [...results, buildingResult(b)];
  }
  const fts = ftsQuery(q);
  if (!fts) return results;
  const words = wordsOf(fts);
  // A tsvector's words are at most 2 KB: a longer one can be no label's prefix (and would not parse as one).
  if (words.some((w) => Buffer.byteLength(w) > 2000)) return results;
  if (results.length < LIMIT) {
    const streets = await matches(pool, c, 'street_search', words, comuni, LIMIT - results.length, true);
    const boxes = await boxesOf(
      c,
      'streets',
      streets.map((s) => s.ref_id),
    );
    for (const r of streets) {
      const b = boxes.get(r.ref_id);
      if (b) results.push(streetResult(r, b));
    }
  }
  if (results.length < LIMIT) {
    // As on SQLite: a prefix that matches most of the register is not ranked (counted over every comune).
    const many = (await countUpTo(c, 'search_index', words, RANKED_MATCHES + 1)) > RANKED_MATCHES;
    const found = await matches(pool, c, 'search_index', words, comuni, LIMIT - results.length, !many);
    const boxes = await boxesOf(
      c,
      'buildings',
      found.map((r) => r.ref_id),
    );
    for (const r of found) {
      const b = boxes.get(r.ref_id);
      if (b && !results.some((x) => x.building_id === r.ref_id && x.kind === 'building'))
        results.push(indexResult(r, b));
    }
  }
  return results;
}

/** Store.search on PostgreSQL: its queries read one snapshot, as SQLite's read transaction does. */
export function pgSearch(pool: PgPool): Store['search'] {
  return async (comuni, q) => {
    if (comuni.length === 0) return [];
    return pgTransaction(pool, async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return search(pool, c, comuni, q);
    });
  };
}
