-- Tax rates and parameters as data, per comune and year (issue 7 §2). Rates in percent, amounts in euro.
-- `version` is the optimistic lock of the editable rows (If-Match); history goes to `history`.

CREATE TABLE imu_delibere (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2012 AND 2100),
  published INTEGER NOT NULL CHECK (published IN (0, 1)),   -- on the MEF portal in time (c. 767)
  ordinary REAL NOT NULL CHECK (ordinary BETWEEN 0 AND 1.14),
  main_home REAL NOT NULL CHECK (main_home BETWEEN 0 AND 0.6),
  main_home_deduction REAL NOT NULL DEFAULT 200 CHECK (main_home_deduction >= 0),
  group_d REAL NOT NULL CHECK (group_d BETWEEN 0 AND 1.14),
  rural REAL NOT NULL CHECK (rural BETWEEN 0 AND 0.1),
  beni_merce REAL NOT NULL CHECK (beni_merce BETWEEN 0 AND 0.25),
  agricultural REAL NOT NULL CHECK (agricultural BETWEEN 0 AND 1.14),
  building_land REAL NOT NULL CHECK (building_land BETWEEN 0 AND 1.14),
  categories TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(categories)),  -- {"C/1": 0.86}
  canone_concordato REAL CHECK (canone_concordato BETWEEN 0 AND 1.14),    -- null: the ordinary rate
  source TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (comune, year)
);

CREATE TABLE tari_tariffs (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  year INTEGER NOT NULL CHECK (year BETWEEN 2014 AND 2100),
  domestic_fixed_per_m2 REAL NOT NULL CHECK (domestic_fixed_per_m2 >= 0),
  domestic_variable TEXT NOT NULL CHECK (json_valid(domestic_variable) AND json_array_length(domestic_variable) = 6),
  non_domestic TEXT NOT NULL CHECK (json_valid(non_domestic)),  -- {"1": [fixed, variable], … "30": […]} €/m²
  tefa_percent REAL NOT NULL DEFAULT 5 CHECK (tefa_percent BETWEEN 0 AND 5),
  source TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (comune, year)
);

-- Reference market values of building land at 1 January, per zoning area code (c. 746).
CREATE TABLE building_land_values (
  comune TEXT NOT NULL REFERENCES comuni(code),
  zone TEXT NOT NULL,
  year INTEGER NOT NULL,
  eur_per_m2 REAL NOT NULL CHECK (eur_per_m2 >= 0),
  PRIMARY KEY (comune, zone, year)
);

CREATE TABLE comune_tax_settings (
  comune TEXT PRIMARY KEY REFERENCES comuni(code),
  interest_spread REAL NOT NULL DEFAULT 0 CHECK (interest_spread BETWEEN -3 AND 3),  -- c. 165 L. 296/2006
  version INTEGER NOT NULL DEFAULT 1
);

-- Today's single rate per comune becomes that year's delibera: the ordinary rate also for group D and building
-- land, the main-home rate as it was, the rest at the national base rates.
INSERT INTO imu_delibere (comune, year, published, ordinary, main_home, group_d, rural, beni_merce, agricultural,
  building_land, source)
SELECT code, imu_year, 1, imu_rate, imu_rate_main_home, imu_rate, 0.1, CASE WHEN imu_year <= 2021 THEN 0.1 ELSE 0 END,
  0.76, imu_rate, 'Aliquote del comune prima della migrazione 005'
FROM comuni WHERE imu_rate <= 1.14 AND imu_rate_main_home <= 0.6;
