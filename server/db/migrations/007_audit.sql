-- The tax audit (issue 7): runs of the seven rules, the findings they produce, and the workflow events of
-- each finding. Findings are never deleted: a finding a run no longer reproduces is marked
-- non_piu_riscontrato and keeps its previous state in prev_state, to go back to it if found again.

CREATE TABLE audit_runs (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  years TEXT NOT NULL,                 -- JSON array of the tax years audited
  as_of TEXT NOT NULL,                 -- the date sanctions and interest are computed to
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress REAL NOT NULL DEFAULT 0,
  user_id INTEGER REFERENCES users(id),
  username TEXT NOT NULL,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT,
  error TEXT,
  summary TEXT                         -- JSON: findings and € per rule and year, and what changed
);
CREATE INDEX audit_runs_comune ON audit_runs(comune, id);

CREATE TABLE audit_findings (
  id INTEGER PRIMARY KEY,
  comune TEXT NOT NULL REFERENCES comuni(code),
  rule INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 7),
  year INTEGER NOT NULL,
  unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
  building_id INTEGER REFERENCES buildings(id) ON DELETE SET NULL,
  parcel_id INTEGER REFERENCES parcels(id) ON DELETE SET NULL,
  subject_id INTEGER REFERENCES subjects(id),
  -- The identity a finding keeps across runs: its object (unit, else parcel, else building) and subject.
  object_key TEXT NOT NULL,
  subject_key INTEGER NOT NULL,
  foglio TEXT,
  minx REAL, miny REAL, maxx REAL, maxy REAL,   -- bbox of the object on the map, for area filters
  amount_eur REAL,                     -- the year's shortfall; null when there is no tax base (rule 6)
  claimable_eur REAL NOT NULL DEFAULT 0, -- shortfall + sanction + interest at the run date; 0 if time-barred
  state TEXT NOT NULL DEFAULT 'da_verificare'
    CHECK (state IN ('da_verificare', 'in_istruttoria', 'accertato', 'archiviato', 'non_piu_riscontrato')),
  prev_state TEXT,
  assignee TEXT,
  evidence TEXT NOT NULL,              -- JSON shown to the taxpayer: cadastral data, declared vs computed, …
  steps TEXT NOT NULL,                 -- JSON: the engine's steps for the amounts
  version INTEGER NOT NULL DEFAULT 1,
  first_seen_run INTEGER NOT NULL REFERENCES audit_runs(id),
  last_seen_run INTEGER NOT NULL REFERENCES audit_runs(id),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (comune, rule, object_key, subject_key, year)
);
CREATE INDEX audit_findings_rank ON audit_findings(comune, claimable_eur DESC, id);
CREATE INDEX audit_findings_year ON audit_findings(comune, year, last_seen_run);
CREATE INDEX audit_findings_building ON audit_findings(building_id);
CREATE INDEX audit_findings_parcel ON audit_findings(parcel_id);

-- Append-only: every workflow change of a finding (state, assignee, note), by a user or by a run.
CREATE TABLE audit_finding_events (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES audit_findings(id),
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  user_id INTEGER REFERENCES users(id),
  username TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  from_assignee TEXT,
  to_assignee TEXT,
  note TEXT
);
CREATE INDEX audit_finding_events_finding ON audit_finding_events(finding_id, id);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_finding_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_finding_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
