-- The command line reads personal data too (`edigit export --personal`): its reads are logged with the
-- name it runs under and no user id. SQLite cannot drop NOT NULL in place: the log is copied whole.
CREATE TABLE personal_data_reads_010 (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users(id),
  username TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  what TEXT NOT NULL
);
INSERT INTO personal_data_reads_010 SELECT id, user_id, username, at, entity, entity_id, what FROM personal_data_reads;
DROP TABLE personal_data_reads;
ALTER TABLE personal_data_reads_010 RENAME TO personal_data_reads;
CREATE TRIGGER reads_no_update BEFORE UPDATE ON personal_data_reads BEGIN SELECT RAISE(ABORT, 'read log is append-only'); END;
CREATE TRIGGER reads_no_delete BEFORE DELETE ON personal_data_reads BEGIN SELECT RAISE(ABORT, 'read log is append-only'); END;
