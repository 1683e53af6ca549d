-- The e-ID level-2 results the counter records after a hand-off (the officer approved or refused
-- the application) in the report rollups, beside the submissions and outcomes: a hand-off is
-- counted as completed when the clerk hands it over, its result when the officer gives it.
-- Existing rows had no result recorded: 0.
ALTER TABLE site_counts ADD COLUMN eid_approved integer NOT NULL DEFAULT 0;
ALTER TABLE site_counts ADD COLUMN eid_refused integer NOT NULL DEFAULT 0;
ALTER TABLE province_counts ADD COLUMN eid_approved integer NOT NULL DEFAULT 0;
ALTER TABLE province_counts ADD COLUMN eid_refused integer NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN eid_approved integer NOT NULL DEFAULT 0;
ALTER TABLE daily_counts ADD COLUMN eid_refused integer NOT NULL DEFAULT 0;
