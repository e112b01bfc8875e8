-- edigit schema v1. Geometries are GeoJSON text in EPSG:4326 (lon, lat); each spatial table keeps
-- its bbox in columns and an R*Tree kept in step by triggers, so any SQLite client can query it.

CREATE TABLE comuni (
  code TEXT PRIMARY KEY CHECK (code GLOB '[A-Z][0-9][0-9][0-9]'),
  name TEXT NOT NULL,
  province TEXT,
  istat_code TEXT,
  boundary TEXT,
  imu_rate REAL NOT NULL DEFAULT 1.06,         -- ordinary rate (%), per-comune configuration
  imu_rate_main_home REAL NOT NULL DEFAULT 0.5, -- A/1, A/8, A/9 main homes (%)
  imu_year INTEGER NOT NULL DEFAULT 2025
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'urbanista', 'tributi', 'consultazione')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE user_comuni (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  comune TEXT NOT NULL REFERENCES comuni(code),
  PRIMARY KEY (user_id, comune)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);

CREATE TABLE streets (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  name TEXT NOT NULL,
  geom TEXT NOT NULL,
  minx REAL NOT NULL, miny REAL NOT NULL, maxx REAL NOT NULL, maxy REAL NOT NULL
);

CREATE TABLE parcels (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  sezione TEXT NOT NULL DEFAULT '',
  foglio TEXT NOT NULL,
  particella TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'particella' CHECK (kind IN ('particella', 'strada', 'acqua')),
  qualita TEXT,            -- land quality (seminativo, prato, ente urbano, ...)
  classe TEXT,
  superficie REAL,         -- m²
  reddito_dominicale REAL,
  reddito_agrario REAL,
  geom TEXT NOT NULL,
  minx REAL NOT NULL, miny REAL NOT NULL, maxx REAL NOT NULL, maxy REAL NOT NULL,
  UNIQUE (comune, sezione, foglio, particella)
);

CREATE TABLE buildings (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  comune TEXT NOT NULL REFERENCES comuni(code),
  geom TEXT NOT NULL,
  minx REAL NOT NULL, miny REAL NOT NULL, maxx REAL NOT NULL, maxy REAL NOT NULL,
  height REAL,
  floors_above INTEGER,
  floors_below INTEGER,
  volume REAL,
  year_built INTEGER,
  use TEXT NOT NULL DEFAULT 'residenziale',
  status TEXT NOT NULL DEFAULT 'esistente',
  structure TEXT,
  public_owner TEXT,       -- null when private; else the public body that owns it
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX buildings_comune ON buildings(comune);

CREATE TABLE building_parcels (
  building_id INTEGER NOT NULL REFERENCES buildings(id) ON DELETE CASCADE,
  parcel_id INTEGER NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  PRIMARY KEY (building_id, parcel_id)
);
CREATE INDEX building_parcels_parcel ON building_parcels(parcel_id);

CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id) ON DELETE CASCADE,
  street_id INTEGER REFERENCES streets(id),
  street TEXT NOT NULL,
  civico TEXT NOT NULL,
  cap TEXT
);
CREATE INDEX addresses_building ON addresses(building_id);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  building_id INTEGER REFERENCES buildings(id) ON DELETE SET NULL,
  comune TEXT NOT NULL REFERENCES comuni(code),
  sezione TEXT NOT NULL DEFAULT '',
  foglio TEXT NOT NULL,
  particella TEXT NOT NULL,
  subalterno TEXT NOT NULL,
  categoria TEXT NOT NULL,
  classe TEXT,
  consistenza REAL,
  rendita REAL,
  superficie_catastale REAL,
  superficie_escluse_scoperte REAL,
  floor TEXT,
  UNIQUE (comune, sezione, foglio, particella, subalterno)
);
CREATE INDEX units_building ON units(building_id);

CREATE TABLE permits (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('PdC', 'SCIA', 'CILA', 'agibilita')),
  number TEXT NOT NULL,
  date TEXT NOT NULL,
  state TEXT NOT NULL,
  description TEXT
);
CREATE INDEX permits_building ON permits(building_id);

CREATE TABLE energy_certificates (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  class TEXT NOT NULL CHECK (class IN ('A4','A3','A2','A1','B','C','D','E','F','G')),
  ep REAL NOT NULL,
  issued_on TEXT NOT NULL,
  valid_until TEXT NOT NULL
);
CREATE INDEX energy_unit ON energy_certificates(unit_id);

CREATE TABLE subjects (
  id INTEGER PRIMARY KEY,
  codice_fiscale TEXT NOT NULL UNIQUE,
  surname TEXT NOT NULL,
  name TEXT NOT NULL,
  sex TEXT,
  birth_date TEXT,
  birth_place TEXT
);

CREATE TABLE ownership (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
  parcel_id INTEGER REFERENCES parcels(id) ON DELETE CASCADE,
  right TEXT NOT NULL DEFAULT 'proprieta',
  share_num INTEGER NOT NULL CHECK (share_num > 0),
  share_den INTEGER NOT NULL CHECK (share_den >= share_num),
  CHECK ((unit_id IS NULL) <> (parcel_id IS NULL))
);
CREATE INDEX ownership_unit ON ownership(unit_id);
CREATE INDEX ownership_parcel ON ownership(parcel_id);
CREATE INDEX ownership_subject ON ownership(subject_id);

CREATE TABLE residents (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  since TEXT
);
CREATE INDEX residents_unit ON residents(unit_id);
CREATE INDEX residents_subject ON residents(subject_id);

CREATE TABLE imu_positions (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  year INTEGER NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
  parcel_id INTEGER REFERENCES parcels(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('fabbricato', 'terreno_agricolo', 'area_fabbricabile')),
  share REAL NOT NULL,
  months INTEGER NOT NULL DEFAULT 12,
  main_home INTEGER NOT NULL DEFAULT 0 CHECK (main_home IN (0, 1)),
  declared_value REAL,     -- market value for building land
  due REAL NOT NULL        -- amount computed by the taxpayer's declaration
);
CREATE INDEX imu_unit ON imu_positions(unit_id);
CREATE INDEX imu_parcel ON imu_positions(parcel_id);
CREATE TABLE imu_payments (
  id INTEGER PRIMARY KEY,
  position_id INTEGER NOT NULL REFERENCES imu_positions(id) ON DELETE CASCADE,
  paid_on TEXT NOT NULL,
  amount REAL NOT NULL
);
CREATE INDEX imu_payments_position ON imu_payments(position_id);

CREATE TABLE tari_positions (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  year INTEGER NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('domestica', 'non_domestica')),
  surface REAL NOT NULL,
  occupants INTEGER,
  category TEXT
);
CREATE INDEX tari_unit ON tari_positions(unit_id);

CREATE TABLE overlays (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  kind TEXT NOT NULL CHECK (kind IN ('zoning', 'flood', 'landslide', 'constraint')),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  buildable INTEGER NOT NULL DEFAULT 0,
  geom TEXT NOT NULL,
  minx REAL NOT NULL, miny REAL NOT NULL, maxx REAL NOT NULL, maxy REAL NOT NULL
);

CREATE TABLE building_events (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  who TEXT NOT NULL,
  why TEXT NOT NULL
);
CREATE INDEX events_building ON building_events(building_id);

-- Append-only: every edit with who, when, before and after.
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  username TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX history_entity ON history(entity, entity_id);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- GDPR: every read of personal data.
CREATE TABLE personal_data_reads (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  username TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  what TEXT NOT NULL
);
CREATE TRIGGER reads_no_update BEFORE UPDATE ON personal_data_reads BEGIN SELECT RAISE(ABORT, 'read log is append-only'); END;
CREATE TRIGGER reads_no_delete BEFORE DELETE ON personal_data_reads BEGIN SELECT RAISE(ABORT, 'read log is append-only'); END;

-- Ground truth of the anomalies the demo generator injects, to score audit code against.
CREATE TABLE anomaly_truth (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  rule INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 7),
  unit_id INTEGER REFERENCES units(id),
  building_id INTEGER REFERENCES buildings(id),
  parcel_id INTEGER REFERENCES parcels(id),
  subject_id INTEGER REFERENCES subjects(id),
  note TEXT NOT NULL
);

-- Search over addresses, building codes and street names.
CREATE VIRTUAL TABLE search_index USING fts5(label, kind UNINDEXED, ref_id UNINDEXED, comune UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');

-- R*Tree indexes, kept in step with their tables.
CREATE VIRTUAL TABLE streets_rtree USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER streets_rtree_insert AFTER INSERT ON streets BEGIN
  INSERT INTO streets_rtree VALUES (NEW.id, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER streets_rtree_update AFTER UPDATE OF minx, miny, maxx, maxy ON streets BEGIN
  UPDATE streets_rtree SET minx = NEW.minx, maxx = NEW.maxx, miny = NEW.miny, maxy = NEW.maxy WHERE id = NEW.id;
END;
CREATE TRIGGER streets_rtree_delete AFTER DELETE ON streets BEGIN
  DELETE FROM streets_rtree WHERE id = OLD.id;
END;
CREATE VIRTUAL TABLE parcels_rtree USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER parcels_rtree_insert AFTER INSERT ON parcels BEGIN
  INSERT INTO parcels_rtree VALUES (NEW.id, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER parcels_rtree_update AFTER UPDATE OF minx, miny, maxx, maxy ON parcels BEGIN
  UPDATE parcels_rtree SET minx = NEW.minx, maxx = NEW.maxx, miny = NEW.miny, maxy = NEW.maxy WHERE id = NEW.id;
END;
CREATE TRIGGER parcels_rtree_delete AFTER DELETE ON parcels BEGIN
  DELETE FROM parcels_rtree WHERE id = OLD.id;
END;
CREATE VIRTUAL TABLE buildings_rtree USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER buildings_rtree_insert AFTER INSERT ON buildings BEGIN
  INSERT INTO buildings_rtree VALUES (NEW.id, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER buildings_rtree_update AFTER UPDATE OF minx, miny, maxx, maxy ON buildings BEGIN
  UPDATE buildings_rtree SET minx = NEW.minx, maxx = NEW.maxx, miny = NEW.miny, maxy = NEW.maxy WHERE id = NEW.id;
END;
CREATE TRIGGER buildings_rtree_delete AFTER DELETE ON buildings BEGIN
  DELETE FROM buildings_rtree WHERE id = OLD.id;
END;
CREATE VIRTUAL TABLE overlays_rtree USING rtree(id, minx, maxx, miny, maxy);
CREATE TRIGGER overlays_rtree_insert AFTER INSERT ON overlays BEGIN
  INSERT INTO overlays_rtree VALUES (NEW.id, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy);
END;
CREATE TRIGGER overlays_rtree_update AFTER UPDATE OF minx, miny, maxx, maxy ON overlays BEGIN
  UPDATE overlays_rtree SET minx = NEW.minx, maxx = NEW.maxx, miny = NEW.miny, maxy = NEW.maxy WHERE id = NEW.id;
END;
CREATE TRIGGER overlays_rtree_delete AFTER DELETE ON overlays BEGIN
  DELETE FROM overlays_rtree WHERE id = OLD.id;
END;
