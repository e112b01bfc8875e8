-- Background jobs (exports, imports) with progress, and the log of every export.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('export', 'import')),
  user_id INTEGER REFERENCES users(id),
  username TEXT NOT NULL,
  comune TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress REAL NOT NULL DEFAULT 0,
  params TEXT NOT NULL,
  result TEXT,
  error TEXT,
  file TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT
);

CREATE TABLE export_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  username TEXT NOT NULL,
  comune TEXT NOT NULL,
  layers TEXT NOT NULL,
  crs TEXT NOT NULL,
  area TEXT NOT NULL,
  personal INTEGER NOT NULL CHECK (personal IN (0, 1)),
  features INTEGER NOT NULL
);
CREATE TRIGGER export_log_no_update BEFORE UPDATE ON export_log BEGIN SELECT RAISE(ABORT, 'export log is append-only'); END;
CREATE TRIGGER export_log_no_delete BEFORE DELETE ON export_log BEGIN SELECT RAISE(ABORT, 'export log is append-only'); END;
