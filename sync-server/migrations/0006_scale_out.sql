-- Scaling out: what several sync-server replicas on one PostgreSQL (and a standby) need.
-- 1. events partitioned by month; 2. report rollups kept at ingest; 3. the remote-signing
-- simulator's records in the database instead of in each process.

-- 1. The events table, partitioned by month (declarative partitioning; PGlite runs it too).
--
-- The partition key is the event id itself: a UUIDv7 begins with its creation time in Unix ms,
-- so a month is a range of ids, and the primary key on id — which stores each event once across
-- every partition and every replica — stays a real constraint (a partitioned table's unique keys
-- must contain its partition key; partitioning on a time column would have lost it). Months are
-- UTC months of the device's clock at creation. An id outside every created month (a device clock
-- years off) lands in events_default; creating its month later moves such rows out.
--
-- Per-device sequence numbers are no longer a unique constraint (it would have to contain the id):
-- ingest checks them under the site's advisory lock, which every push of a device takes.
-- A month is archived by detaching its partition (events_detach_month) without touching the rest.

CREATE FUNCTION uuidv7_floor(t timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT (lpad(to_hex((extract(epoch FROM t) * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
$$;

ALTER TABLE events RENAME TO events_unpartitioned;
ALTER INDEX events_pkey RENAME TO events_unpartitioned_pkey;
ALTER INDEX events_registration RENAME TO events_unpartitioned_registration;

CREATE TABLE events (LIKE events_unpartitioned INCLUDING DEFAULTS, PRIMARY KEY (id)) PARTITION BY RANGE (id);
ALTER TABLE events ADD FOREIGN KEY (device_id) REFERENCES devices (id);
CREATE INDEX events_device_seq ON events (device_id, seq);
CREATE INDEX events_registration ON events (registration_id);
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events_default FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- The partition of the UTC month that contains `month`, created when missing (idempotent, safe
-- when several replicas call it at once). Rows of that month already in events_default are moved
-- into it: the default is detached for the move (a detached table has no append-only trigger),
-- then attached again, all in the caller's transaction.
CREATE FUNCTION events_month_partition(month date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name text := 'events_' || to_char(first, 'YYYY_MM');
  lo uuid := uuidv7_floor(first::timestamp AT TIME ZONE 'UTC');
  hi uuid := uuidv7_floor((first + interval '1 month')::timestamp AT TIME ZONE 'UTC');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN RETURN name; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('dangky:events-partitions'));
  IF to_regclass(name) IS NOT NULL THEN RETURN name; END IF;
  IF EXISTS (SELECT 1 FROM events_default WHERE id >= lo AND id < hi) THEN
    ALTER TABLE events DETACH PARTITION events_default;
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
    EXECUTE format('INSERT INTO events SELECT * FROM events_default WHERE id >= %L AND id < %L', lo, hi);
    EXECUTE format('DELETE FROM events_default WHERE id >= %L AND id < %L', lo, hi);
    ALTER TABLE events ATTACH PARTITION events_default DEFAULT;
  ELSE
    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
  END IF;
  -- Row triggers come from the parent; a statement trigger on TRUNCATE does not, so each gets its own.
  EXECUTE format('CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()', name);
  RETURN name;
END $$;

-- Archive: the month's partition leaves `events` (queries no longer see it) and stays a table of
-- its own, still append-only, to be dumped (pg_dump -t) and then dropped by an operator.
CREATE FUNCTION events_detach_month(month date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  name text := 'events_' || to_char(date_trunc('month', month), 'YYYY_MM');
BEGIN
  IF to_regclass(name) IS NULL THEN RAISE EXCEPTION 'no partition %', name; END IF;
  EXECUTE format('ALTER TABLE events DETACH PARTITION %I', name);
  EXECUTE format('CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION events_append_only()', name);
  RETURN name;
END $$;

-- Every month that holds events, and this month and the next two.
SELECT events_month_partition(m::date)
FROM (
  SELECT DISTINCT date_trunc('month', to_timestamp(('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint / 1000.0) AT TIME ZONE 'UTC') AS m
  FROM events_unpartitioned
  UNION
  SELECT date_trunc('month', now() AT TIME ZONE 'UTC' + make_interval(months => n)) FROM generate_series(0, 2) AS n
) AS months;
INSERT INTO events SELECT * FROM events_unpartitioned;
DROP TABLE events_unpartitioned;

-- 2. Rollups for reports at national volume, kept at ingest in the same transaction as the events
-- (a report never scans events or registrations). Counted like daily_counts — a submission on the
-- Ho Chi Minh day it was made, an outcome on the day it was recorded — but without the operator,
-- by day and by month ('day' | 'month' grain; a month's period is its first day), per site and per
-- province, so a national year is 12 months × 34 provinces × a few service rows.
CREATE TABLE site_counts (
  grain text NOT NULL CHECK (grain IN ('day', 'month')),
  period date NOT NULL,
  site_id text NOT NULL,
  service text NOT NULL,
  channel text NOT NULL DEFAULT '',
  provider_id text NOT NULL DEFAULT '',
  submitted integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, grain, period, service, channel, provider_id)
);
CREATE TABLE province_counts (
  grain text NOT NULL CHECK (grain IN ('day', 'month')),
  period date NOT NULL,
  province_code text NOT NULL,
  service text NOT NULL,
  channel text NOT NULL DEFAULT '',
  provider_id text NOT NULL DEFAULT '',
  submitted integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, province_code, service, channel, provider_id)
);

-- From what daily_counts already holds.
INSERT INTO site_counts (grain, period, site_id, service, channel, provider_id, submitted, completed, cancelled)
SELECT g.grain, CASE g.grain WHEN 'day' THEN c.day ELSE date_trunc('month', c.day)::date END, c.site_id, c.service, c.channel, c.provider_id,
       sum(c.submitted), sum(c.completed), sum(c.cancelled)
FROM daily_counts c CROSS JOIN (VALUES ('day'), ('month')) AS g (grain)
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO province_counts (grain, period, province_code, service, channel, provider_id, submitted, completed, cancelled)
SELECT c.grain, c.period, s.province_code, c.service, c.channel, c.provider_id, sum(c.submitted), sum(c.completed), sum(c.cancelled)
FROM site_counts c JOIN sites s ON s.id = c.site_id
GROUP BY 1, 2, 3, 4, 5, 6;

-- 3. The remote-signing simulator's provider-side records (REMOTE_SIGNING=simulator: the demo and
-- the tests; empty otherwise). A real provider keeps its accounts and activations in its own
-- systems; the simulator keeps them here so that every sync-server replica of a cluster meets the
-- same simulated provider, as every replica would reach the same real one. No ID number: the
-- account is a SHA-256 digest of provider and ID number (only equality is needed). An activation's
-- state is read from its times: confirmed once confirmed_at is set, expired past expires_at.
CREATE TABLE remote_signing_simulator_activations (
  activation_id uuid PRIMARY KEY,
  account text NOT NULL,
  registration_id uuid NOT NULL,
  provider_id text NOT NULL,
  app_name text NOT NULL,
  code text NOT NULL,
  qr_payload text NOT NULL,
  expires_at timestamptz NOT NULL,
  confirmed_at timestamptz
);
CREATE INDEX remote_signing_simulator_activations_account ON remote_signing_simulator_activations (account);
