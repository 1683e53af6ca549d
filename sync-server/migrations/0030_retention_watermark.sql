-- Where the retention job (privacy/retention.ts) stopped: the cutoffs of its last run (finished
-- before `completed_before` if completed, before `cancelled_before` if cancelled, a day before
-- `cancelled_before`'s Ho Chi Minh day if never finished) and `change_seq`, the highest
-- registrations.change_seq written before that run looked. Every registration written up to
-- `change_seq` and due at those cutoffs has had its data key destroyed, so the next run only looks
-- at what became due since (by time, through the indexes on finished_at and on (site_id, day,
-- status)) and at what was written since (through the index on (site_id, change_seq)), not at the
-- whole table. One row, locked by each run: the servers of a cluster run the job one at a time.
-- NULLs: the job has not run yet (or could not read change_seq), and its next run reads every
-- registration once, as it did before this table.
CREATE TABLE retention_watermark (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  completed_before timestamptz,
  cancelled_before timestamptz,
  change_seq bigint,
  ran_at timestamptz
);
INSERT INTO retention_watermark DEFAULT VALUES;
