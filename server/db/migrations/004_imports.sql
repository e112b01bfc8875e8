-- Every import (dry runs too) with who, what and the report.
CREATE TABLE import_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  username TEXT NOT NULL,
  format TEXT NOT NULL,
  comune TEXT NOT NULL,
  file TEXT NOT NULL,
  dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'dry-run', 'refused')),
  report TEXT NOT NULL
);
