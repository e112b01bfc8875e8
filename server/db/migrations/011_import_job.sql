-- The job an import ran in: its line is written in the import's own transaction, so after a crash the
-- job can say truthfully whether the import was committed (line present) or not (nothing written).
ALTER TABLE import_log ADD COLUMN job_id TEXT;
CREATE INDEX import_log_job ON import_log(job_id) WHERE job_id IS NOT NULL;
