// SQL pieces the PostgreSQL engine writes in many places, most of them answering as SQLite does.
import type { PoolClient } from 'pg';
import type { PgPool } from './open.ts';

/** What runs a query: the pool, or the client of a transaction. */
export type Queryable = PgPool | PoolClient;

/** The box of a geometry as the columns minx, miny, maxx, maxy (SQLite stores them). */
export const bboxColumns = (geom: string) =>
  `ST_XMin(${geom}) AS minx, ST_YMin(${geom}) AS miny, ST_XMax(${geom}) AS maxx, ST_YMax(${geom}) AS maxy`;

/**
 * SQLite's total(): 0 over no rows, summed without the drift of adding doubles one by one (numeric is exact;
 * SQLite compensates the rounding), so that both engines credit the same cents.
 */
export const total = (expr: string) => `coalesce(sum((${expr})::numeric), 0)::float8`;

/**
 * SQLite's round(total(x), 2) on amounts in cents: the exact sum (numeric), 0 over no rows, so that no binary
 * residue tips the rounding one cent away from SQLite's.
 */
export const roundedTotal = (expr: string) => `round(coalesce(sum((${expr})::numeric), 0), 2)::float8`;

/** SQLite's CAST(text AS INTEGER): the leading integer, 0 when there is none (so 'A' sorts with '0'). */
export const sqliteInteger = (col: string) => `coalesce(substring(${col} from '^\\s*([+-]?[0-9]+)')::numeric, 0)`;
