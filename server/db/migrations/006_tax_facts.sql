-- Tax facts over time (issue 7): IMU and TARI are owed per year, per subject, per period held, so rights,
-- cadastral attributes, residence, declarations and payments carry dates. Today's rows are carried over.
-- Independent of 005_tax_rates.sql (rates are looked up by comune and year, not by foreign key).

-- Real rights on units and parcels, with the deed dates. The transfer day is the buyer's: a seller's
-- right ends the day before the deed, the buyer's starts on it. valid_to NULL = still in force.
CREATE TABLE rights (
  id INTEGER PRIMARY KEY,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  unit_id INTEGER REFERENCES units(id) ON DELETE CASCADE,
  parcel_id INTEGER REFERENCES parcels(id) ON DELETE CASCADE,
  right TEXT NOT NULL DEFAULT 'proprieta' CHECK (right IN
    ('proprieta', 'nuda_proprieta', 'usufrutto', 'uso', 'abitazione', 'enfiteusi', 'superficie', 'leasing')),
  share_num INTEGER NOT NULL CHECK (share_num > 0),
  share_den INTEGER NOT NULL CHECK (share_den >= share_num),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  deed TEXT,               -- the deed (atto, successione, voltura) that started the right
  CHECK ((unit_id IS NULL) <> (parcel_id IS NULL)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- Old rows had a free-text right: the known ones keep it (accents dropped), anything else is ownership.
INSERT INTO rights (id, subject_id, unit_id, parcel_id, right, share_num, share_den, valid_from, valid_to, deed)
  SELECT id, subject_id, unit_id, parcel_id,
    CASE WHEN replace(lower(right), 'à', 'a') IN ('proprieta', 'nuda_proprieta', 'usufrutto', 'uso', 'abitazione',
      'enfiteusi', 'superficie', 'leasing') THEN replace(lower(right), 'à', 'a') ELSE 'proprieta' END,
    share_num, share_den, '1900-01-01', NULL, NULL
  FROM ownership;
DROP TABLE ownership;
CREATE INDEX rights_unit ON rights(unit_id, valid_from);
CREATE INDEX rights_parcel ON rights(parcel_id, valid_from);
CREATE INDEX rights_subject ON rights(subject_id);
-- The old readers (dossier counts, exports) see the rights in force today, with the old columns.
CREATE VIEW ownership AS
  SELECT id, subject_id, unit_id, parcel_id, right, share_num, share_den FROM rights
  WHERE valid_from <= date('now') AND (valid_to IS NULL OR valid_to >= date('now'));

-- Cadastral attributes of a unit over time: c. 745 taxes the rendita in force on 1 January.
-- `units` keeps the current attributes (the row with valid_to NULL).
CREATE TABLE unit_cadastral_history (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  categoria TEXT NOT NULL,
  classe TEXT,
  consistenza REAL,
  rendita REAL,
  superficie_catastale REAL,
  superficie_escluse_scoperte REAL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
INSERT INTO unit_cadastral_history (unit_id, valid_from, valid_to, categoria, classe, consistenza, rendita,
    superficie_catastale, superficie_escluse_scoperte)
  SELECT id, '1900-01-01', NULL, categoria, classe, consistenza, rendita, superficie_catastale,
    superficie_escluse_scoperte
  FROM units;
CREATE INDEX unit_cadastral_history_unit ON unit_cadastral_history(unit_id, valid_from);

-- Residence periods: `since` … `until` (NULL = still resident).
ALTER TABLE residents ADD COLUMN until TEXT;

-- IMU declarations: the right declared and the period held in the year (both days included).
ALTER TABLE imu_positions ADD COLUMN right TEXT NOT NULL DEFAULT 'proprieta';
ALTER TABLE imu_positions ADD COLUMN from_date TEXT;
ALTER TABLE imu_positions ADD COLUMN to_date TEXT;
UPDATE imu_positions SET from_date = year || '-01-01', to_date = year || '-12-31' WHERE months = 12;
-- Objects are read a page at a time for a year: by object, then year.
DROP INDEX imu_unit;
DROP INDEX imu_parcel;
CREATE INDEX imu_positions_unit_year ON imu_positions(unit_id, year);
CREATE INDEX imu_positions_parcel_year ON imu_positions(parcel_id, year);
CREATE INDEX imu_positions_comune_year ON imu_positions(comune, year);
CREATE INDEX imu_positions_subject ON imu_positions(subject_id, year);

-- IMU payments: an F24 line pays a taxpayer's tax of a year under one code, not an object, so the
-- position becomes optional. Old rows: the year paid is the tax year, the code follows the position,
-- June or earlier is the acconto.
CREATE TABLE imu_payments_new (
  id INTEGER PRIMARY KEY,
  position_id INTEGER REFERENCES imu_positions(id) ON DELETE SET NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  comune TEXT NOT NULL REFERENCES comuni(code),
  tax_year INTEGER NOT NULL,
  f24_code TEXT NOT NULL CHECK (f24_code IN ('3912', '3913', '3914', '3916', '3918', '3925', '3930')),
  instalment TEXT NOT NULL CHECK (instalment IN ('acconto', 'saldo', 'unica')),
  paid_on TEXT NOT NULL,
  amount REAL NOT NULL
);
INSERT INTO imu_payments_new (id, position_id, subject_id, comune, tax_year, f24_code, instalment, paid_on, amount)
  SELECT m.id, m.position_id, p.subject_id, p.comune, CAST(strftime('%Y', m.paid_on) AS INTEGER),
    CASE WHEN p.main_home = 1 THEN '3912' WHEN p.kind = 'terreno_agricolo' THEN '3914'
      WHEN p.kind = 'area_fabbricabile' THEN '3916'
      WHEN (SELECT u.categoria FROM units u WHERE u.id = p.unit_id) LIKE 'D/%' THEN '3930' ELSE '3918' END,
    CASE WHEN strftime('%m', m.paid_on) <= '06' THEN 'acconto' ELSE 'saldo' END,
    m.paid_on, m.amount
  FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id;
DROP TABLE imu_payments;
ALTER TABLE imu_payments_new RENAME TO imu_payments;
CREATE INDEX imu_payments_position ON imu_payments(position_id);
CREATE INDEX imu_payments_comune_year ON imu_payments(comune, tax_year);
CREATE INDEX imu_payments_subject ON imu_payments(subject_id, tax_year);

-- TARI declarations: the period held in the year and, for businesses, the DPR 158/1999 category (1…30).
ALTER TABLE tari_positions ADD COLUMN from_date TEXT;
ALTER TABLE tari_positions ADD COLUMN to_date TEXT;
ALTER TABLE tari_positions ADD COLUMN category_code INTEGER CHECK (category_code BETWEEN 1 AND 30);
UPDATE tari_positions SET from_date = year || '-01-01', to_date = year || '-12-31',
  category_code = CASE category WHEN 'uffici' THEN 11 WHEN 'negozi' THEN 13 WHEN 'attività industriali' THEN 20 END;
DROP INDEX tari_unit;
CREATE INDEX tari_positions_unit_year ON tari_positions(unit_id, year);
CREATE INDEX tari_positions_comune_year ON tari_positions(comune, year);

-- A payment answers a bill (avviso) for one declaration when known (`position_id`), else the subject's year.
CREATE TABLE tari_payments (
  id INTEGER PRIMARY KEY,
  position_id INTEGER REFERENCES tari_positions(id) ON DELETE SET NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  comune TEXT NOT NULL REFERENCES comuni(code),
  tax_year INTEGER NOT NULL,
  instalment TEXT NOT NULL CHECK (instalment IN ('acconto', 'saldo', 'unica')),
  paid_on TEXT NOT NULL,
  amount REAL NOT NULL
);
CREATE INDEX tari_payments_comune_year ON tari_payments(comune, tax_year);
CREATE INDEX tari_payments_subject ON tari_payments(subject_id, tax_year);
CREATE INDEX tari_payments_position ON tari_payments(position_id);

-- Ground truth per tax year (NULL for rule 6, a building missing from the cadastre, which has no year).
-- Old rows were generated for the comune's single IMU year.
ALTER TABLE anomaly_truth ADD COLUMN year INTEGER;
UPDATE anomaly_truth SET year = (SELECT c.imu_year FROM comuni c WHERE c.code = anomaly_truth.comune) WHERE rule <> 6;
CREATE INDEX anomaly_truth_comune_year ON anomaly_truth(comune, year, rule);
