// GeoPackage 1.2 core tables, as GDAL writes them, plus the schema (gpkg_data_columns) and metadata extensions.
export const GPKG_APPLICATION_ID = 0x47504b47; // "GPKG"
export const GPKG_USER_VERSION = 10200;

export const CORE_SQL = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
  definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,
  description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name));
CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT,
  min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,
  md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml',
  metadata TEXT NOT NULL DEFAULT '');
CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT,
  row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined',
  'undefined Cartesian coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
  'undefined geographic coordinate reference system');
INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema',
  'http://www.geopackage.org/spec120/#extension_schema', 'read-write');
INSERT INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema',
  'http://www.geopackage.org/spec120/#extension_schema', 'read-write');
INSERT INTO gpkg_extensions VALUES ('gpkg_metadata', NULL, 'gpkg_metadata',
  'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');
INSERT INTO gpkg_extensions VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata',
  'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');
`;

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The R*Tree spatial index extension's table and triggers (spec 1.2, F.3), named as GDAL names them. */
export function rtreeSql(table: string, column: string, fid = 'fid'): { create: string; triggers: string } {
  const t = q(table),
    c = q(column),
    f = q(fid),
    r = q(`rtree_${table}_${column}`);
  const values = `VALUES (NEW.${f}, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c}))`;
  const name = (s: string) => q(`rtree_${table}_${column}_${s}`);
  return {
    create: `CREATE VIRTUAL TABLE ${r} USING rtree(id, minx, maxx, miny, maxy);`,
    triggers: `
CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} WHEN (new.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c}))
  BEGIN INSERT OR REPLACE INTO ${r} ${values}; END;
CREATE TRIGGER ${name('update1')} AFTER UPDATE OF ${c} ON ${t}
  WHEN OLD.${f} = NEW.${f} AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
  BEGIN INSERT OR REPLACE INTO ${r} ${values}; END;
CREATE TRIGGER ${name('update2')} AFTER UPDATE OF ${c} ON ${t}
  WHEN OLD.${f} = NEW.${f} AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
  BEGIN DELETE FROM ${r} WHERE id = OLD.${f}; END;
CREATE TRIGGER ${name('update3')} AFTER UPDATE ON ${t}
  WHEN OLD.${f} != NEW.${f} AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
  BEGIN DELETE FROM ${r} WHERE id = OLD.${f}; INSERT OR REPLACE INTO ${r} ${values}; END;
CREATE TRIGGER ${name('update4')} AFTER UPDATE ON ${t}
  WHEN OLD.${f} != NEW.${f} AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
  BEGIN DELETE FROM ${r} WHERE id IN (OLD.${f}, NEW.${f}); END;
CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} WHEN old.${c} NOT NULL
  BEGIN DELETE FROM ${r} WHERE id = OLD.${f}; END;`,
  };
}

export const quoteIdent = q;
