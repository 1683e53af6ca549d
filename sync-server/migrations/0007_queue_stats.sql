-- The waiting room's statistics, kept as projections updated at ingest in the same transaction as
-- the events (a report never scans events). Waits (submitted → first call) and services (call →
-- outcome) are kept as count, sum (and sum of squares for services, for the wait estimate's spread)
-- and counts in the fixed buckets of core's duration-histogram.ts (h0 … h11), so a percentile over
-- a year is a sum of a few integers per row.

-- Per site and desk ('token', 'remote', 'eid-level2'), rolled up by grain: 'day', 'week' (period =
-- its Monday) and 'month' (period = its first day), so a national year by month reads 12 rows per
-- site and desk, not 365.
CREATE TABLE queue_stats (
  grain text NOT NULL CHECK (grain IN ('day', 'week', 'month')),
  period date NOT NULL,
  site_id text NOT NULL,
  desk text NOT NULL,
  arrivals integer NOT NULL DEFAULT 0,
  priority_arrivals integer NOT NULL DEFAULT 0,
  called integer NOT NULL DEFAULT 0,
  no_shows integer NOT NULL DEFAULT 0,
  transferred integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  wait_count integer NOT NULL DEFAULT 0,
  wait_sum_s double precision NOT NULL DEFAULT 0,
  wait_h0 integer NOT NULL DEFAULT 0,
  wait_h1 integer NOT NULL DEFAULT 0,
  wait_h2 integer NOT NULL DEFAULT 0,
  wait_h3 integer NOT NULL DEFAULT 0,
  wait_h4 integer NOT NULL DEFAULT 0,
  wait_h5 integer NOT NULL DEFAULT 0,
  wait_h6 integer NOT NULL DEFAULT 0,
  wait_h7 integer NOT NULL DEFAULT 0,
  wait_h8 integer NOT NULL DEFAULT 0,
  wait_h9 integer NOT NULL DEFAULT 0,
  wait_h10 integer NOT NULL DEFAULT 0,
  wait_h11 integer NOT NULL DEFAULT 0,
  service_count integer NOT NULL DEFAULT 0,
  service_sum_s double precision NOT NULL DEFAULT 0,
  service_sumsq_s double precision NOT NULL DEFAULT 0,
  service_h0 integer NOT NULL DEFAULT 0,
  service_h1 integer NOT NULL DEFAULT 0,
  service_h2 integer NOT NULL DEFAULT 0,
  service_h3 integer NOT NULL DEFAULT 0,
  service_h4 integer NOT NULL DEFAULT 0,
  service_h5 integer NOT NULL DEFAULT 0,
  service_h6 integer NOT NULL DEFAULT 0,
  service_h7 integer NOT NULL DEFAULT 0,
  service_h8 integer NOT NULL DEFAULT 0,
  service_h9 integer NOT NULL DEFAULT 0,
  service_h10 integer NOT NULL DEFAULT 0,
  service_h11 integer NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, site_id, desk)
);

-- Per counter and clerk, by day only (a site manager's view over a range: a few thousand rows a year).
CREATE TABLE queue_staff_stats (
  day date NOT NULL,
  site_id text NOT NULL,
  desk text NOT NULL,
  counter_id text NOT NULL,
  operator_id text NOT NULL,
  arrivals integer NOT NULL DEFAULT 0,
  priority_arrivals integer NOT NULL DEFAULT 0,
  called integer NOT NULL DEFAULT 0,
  no_shows integer NOT NULL DEFAULT 0,
  transferred integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  wait_count integer NOT NULL DEFAULT 0,
  wait_sum_s double precision NOT NULL DEFAULT 0,
  wait_h0 integer NOT NULL DEFAULT 0,
  wait_h1 integer NOT NULL DEFAULT 0,
  wait_h2 integer NOT NULL DEFAULT 0,
  wait_h3 integer NOT NULL DEFAULT 0,
  wait_h4 integer NOT NULL DEFAULT 0,
  wait_h5 integer NOT NULL DEFAULT 0,
  wait_h6 integer NOT NULL DEFAULT 0,
  wait_h7 integer NOT NULL DEFAULT 0,
  wait_h8 integer NOT NULL DEFAULT 0,
  wait_h9 integer NOT NULL DEFAULT 0,
  wait_h10 integer NOT NULL DEFAULT 0,
  wait_h11 integer NOT NULL DEFAULT 0,
  service_count integer NOT NULL DEFAULT 0,
  service_sum_s double precision NOT NULL DEFAULT 0,
  service_sumsq_s double precision NOT NULL DEFAULT 0,
  service_h0 integer NOT NULL DEFAULT 0,
  service_h1 integer NOT NULL DEFAULT 0,
  service_h2 integer NOT NULL DEFAULT 0,
  service_h3 integer NOT NULL DEFAULT 0,
  service_h4 integer NOT NULL DEFAULT 0,
  service_h5 integer NOT NULL DEFAULT 0,
  service_h6 integer NOT NULL DEFAULT 0,
  service_h7 integer NOT NULL DEFAULT 0,
  service_h8 integer NOT NULL DEFAULT 0,
  service_h9 integer NOT NULL DEFAULT 0,
  service_h10 integer NOT NULL DEFAULT 0,
  service_h11 integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, desk, counter_id, operator_id)
);
CREATE INDEX queue_staff_stats_site ON queue_staff_stats (site_id, day);

-- The hourly profile (Asia/Ho_Chi_Minh hour of day) of arrivals, calls and completions, by grain.
CREATE TABLE queue_hourly_stats (
  grain text NOT NULL CHECK (grain IN ('day', 'week', 'month')),
  period date NOT NULL,
  site_id text NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  arrivals integer NOT NULL DEFAULT 0,
  called integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, site_id, hour)
);
