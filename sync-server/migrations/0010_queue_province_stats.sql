-- The waiting room's statistics rolled up per province, beside the per-site rows of 0007. A city
-- manager's province or a national manager's 34 provinces read these rows instead of filtering
-- every site of the country by a list (a national year by month: 34 provinces × 12 months × 3
-- desks instead of 1,000 sites × …, measured by `npm run bench -- queue-stats`). Kept at ingest in
-- the same transaction as the per-site rows, with the same measures (count, sums and the buckets
-- of core's duration-histogram.ts), so a province row is exactly the sum of its sites' rows.
--
-- No backfill: 0007 created the per-site tables before any ingest step wrote them.

CREATE TABLE queue_province_stats (LIKE queue_stats INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE queue_province_stats DROP COLUMN site_id;
ALTER TABLE queue_province_stats ADD COLUMN province_code text NOT NULL;
ALTER TABLE queue_province_stats ADD PRIMARY KEY (grain, period, province_code, desk);

CREATE TABLE queue_province_hourly_stats (LIKE queue_hourly_stats INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE queue_province_hourly_stats DROP COLUMN site_id;
ALTER TABLE queue_province_hourly_stats ADD COLUMN province_code text NOT NULL;
ALTER TABLE queue_province_hourly_stats ADD PRIMARY KEY (grain, period, province_code, hour);
