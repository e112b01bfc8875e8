// Writes a GeoPackage with node:sqlite: feature tables with a declared geometry type and an R*Tree,
// attribute tables, column descriptions (gpkg_data_columns), bounds in gpkg_contents and metadata.
import { existsSync, rmSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { CRS_WKT, type CrsInfo } from '../../domain/crs/wkt.ts';
import type { Geometry } from '../../domain/geometry/types.ts';
import { encodeGpkgGeometry } from './geometry-blob.ts';
import { CORE_SQL, GPKG_APPLICATION_ID, GPKG_USER_VERSION, quoteIdent as q, rtreeSql } from './schema.ts';

export type ColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'DATE' | 'BOOLEAN';
export interface ColumnDef {
  name: string;
  type: ColumnType;
  title: string;
  description: string;
}
export type GeometryTypeName = 'POINT' | 'LINESTRING' | 'POLYGON' | 'MULTIPOLYGON';

export interface TableDef {
  name: string;
  title: string;
  description: string;
  columns: ColumnDef[];
  /** Feature tables have a geometry column; attribute tables do not. */
  geometry?: { type: GeometryTypeName; srs: CrsInfo };
}

export interface OpenTable {
  def: TableDef;
  /** Adds one row: `geometry` in the table's CRS for feature tables. */
  add(values: (string | number | null)[], geometry?: Geometry): void;
  count: number;
}

export class GpkgWriter {
  private readonly db: DatabaseSync;
  private readonly srs = new Set<number>([-1, 0]);
  private readonly tables: {
    def: TableDef;
    bounds: [number, number, number, number];
    rtree?: StatementSync;
    count: number;
  }[] = [];

  constructor(path: string) {
    if (existsSync(path)) rmSync(path);
    this.db = new DatabaseSync(path);
    // A fresh file written once: no journal needed until it is complete.
    this.db.exec(`PRAGMA application_id = ${GPKG_APPLICATION_ID}; PRAGMA user_version = ${GPKG_USER_VERSION};
      PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;`);
    this.db.exec('BEGIN');
    this.db.exec(CORE_SQL);
    this.addSrs(CRS_WKT['EPSG:4326']!); // required in every GeoPackage (Req 11)
  }

  private addSrs(s: CrsInfo): void {
    if (this.srs.has(s.srsId)) return;
    this.srs.add(s.srsId);
    this.db
      .prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)')
      .run(s.name, s.srsId, 'EPSG', s.srsId, s.wkt, s.name);
  }

  createTable(def: TableDef): OpenTable {
    const cols = def.columns.map((c) => `${q(c.name)} ${c.type}`);
    const geom = def.geometry ? [`"geom" ${def.geometry.type}`] : [];
    this.db.exec(
      `CREATE TABLE ${q(def.name)}
        ("fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${[...geom, ...cols].join(', ')})`,
    );
    if (def.geometry) this.addSrs(def.geometry.srs);
    const dataColumns = this.db.prepare(
      'INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description) VALUES (?, ?, ?, ?, ?)',
    );
    for (const c of def.columns) dataColumns.run(def.name, c.name, c.name, c.title, c.description);
    if (def.geometry)
      dataColumns.run(
        def.name,
        'geom',
        'geom',
        'Geometria',
        `Geometria (${def.geometry.type}) in ${def.geometry.srs.name}`,
      );
    const names = [...(def.geometry ? ['geom'] : []), ...def.columns.map((c) => c.name)];
    const insert = this.db.prepare(
      `INSERT INTO ${q(def.name)} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    let rtree: StatementSync | undefined;
    if (def.geometry) {
      this.db.exec(rtreeSql(def.name, 'geom').create);
      rtree = this.db.prepare(`INSERT INTO ${q(`rtree_${def.name}_geom`)} VALUES (?, ?, ?, ?, ?)`);
    }
    const entry = {
      def,
      bounds: [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number],
      rtree,
      count: 0,
    };
    this.tables.push(entry);
    const srsId = def.geometry?.srs.srsId ?? 0;
    return {
      def,
      get count() {
        return entry.count;
      },
      add: (values, geometry) => {
        entry.count++;
        if (!def.geometry) {
          insert.run(...values);
          return;
        }
        const enc = encodeGpkgGeometry(geometry!, srsId);
        const fid = Number(insert.run(enc.blob, ...values).lastInsertRowid);
        rtree!.run(fid, enc.minx, enc.maxx, enc.miny, enc.maxy);
        const b = entry.bounds;
        if (enc.minx < b[0]) b[0] = enc.minx;
        if (enc.miny < b[1]) b[1] = enc.miny;
        if (enc.maxx > b[2]) b[2] = enc.maxx;
        if (enc.maxy > b[3]) b[3] = enc.maxy;
      },
    };
  }

  /** Writes contents, geometry columns, extensions, triggers and metadata; closes the file. */
  finish(metadata: { xml: string; perTable?: (table: string) => string | null }): void {
    const db = this.db;
    const mdId = Number(
      db
        .prepare(
          `INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata)
            VALUES ('dataset', 'http://purl.org/dc/elements/1.1/', 'text/xml', ?)`,
        )
        .run(metadata.xml).lastInsertRowid,
    );
    db.prepare("INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', ?)").run(mdId);
    for (const t of this.tables) {
      const g = t.def.geometry;
      const hasBounds = g && t.count > 0;
      db.prepare(
        `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        t.def.name,
        g ? 'features' : 'attributes',
        t.def.title,
        t.def.description,
        hasBounds ? t.bounds[0] : null,
        hasBounds ? t.bounds[1] : null,
        hasBounds ? t.bounds[2] : null,
        hasBounds ? t.bounds[3] : null,
        g ? g.srs.srsId : null,
      );
      if (g) {
        db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)').run(
          t.def.name,
          'geom',
          g.type,
          g.srs.srsId,
        );
        db.prepare(
          `INSERT INTO gpkg_extensions
            VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
        ).run(t.def.name);
        db.exec(rtreeSql(t.def.name, 'geom').triggers);
      }
      const md = metadata.perTable?.(t.def.name);
      if (md) {
        const id = Number(
          db
            .prepare(
              `INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata)
                VALUES ('dataset', 'http://purl.org/dc/elements/1.1/', 'text/xml', ?)`,
            )
            .run(md).lastInsertRowid,
        );
        db.prepare(
          `INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id, md_parent_id)
            VALUES ('table', ?, ?, ?)`,
        ).run(t.def.name, id, mdId);
      }
    }
    db.exec('COMMIT');
    db.close();
  }

  /** Abandons the file (the caller removes it). */
  abort(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch {
      /* already closed */
    }
    try {
      this.db.close();
    } catch {
      /* already closed */
    }
  }
}
