// Bounding-box search through a table's R*Tree (<table>_rtree, on rowid).
import type { BBox } from '../domain/geometry/types.ts';

/**
 * `FROM … WHERE` for rows of `table` (as `alias`) whose bbox intersects a box given by bboxParams().
 * CROSS JOIN fixes the order, R*Tree first: left to itself SQLite may scan an index of the table and
 * probe the R*Tree row by row (72 ms instead of 0.03 ms per tile query).
 */
export function rtreeFrom(table: string, alias: string): string {
  return `FROM ${table}_rtree r CROSS JOIN ${table} ${alias} ON ${alias}.rowid = r.id
    WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?`;
}

export function bboxParams(b: BBox): [number, number, number, number] {
  return [b.maxx, b.minx, b.maxy, b.miny];
}
