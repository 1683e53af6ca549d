-- Reference data: sites, providers, the 2025 administrative units.
CREATE TABLE sites (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  province_code text NOT NULL,
  commune_code text
);
CREATE TABLE providers (
  id text PRIMARY KEY,
  name text NOT NULL,
  product text NOT NULL,
  channels text[] NOT NULL,
  active boolean NOT NULL
);
CREATE TABLE admin_units (
  commune_code text PRIMARY KEY,
  province_code text NOT NULL,
  province_name text NOT NULL,
  commune_name text NOT NULL,
  commune_name_ascii text NOT NULL,
  unit_type text NOT NULL DEFAULT ''
);
CREATE INDEX admin_units_province ON admin_units (province_code);

-- Enrolled devices. The secret is 32 random bytes, so a SHA-256 of it is enough (no KDF needed
-- for high-entropy secrets); `contiguous_seq` is the highest seq up to which nothing is missing.
CREATE TABLE devices (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  kind text NOT NULL CHECK (kind IN ('kiosk', 'counter')),
  ticket_prefix text,
  secret_sha256 text NOT NULL,
  contiguous_seq bigint NOT NULL DEFAULT 0,
  UNIQUE (site_id, ticket_prefix)
);

CREATE TABLE staff (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('clerk', 'site-manager', 'city-manager')),
  site_id text REFERENCES sites (id),
  province_code text NOT NULL,
  password_hash text NOT NULL
);
CREATE TABLE sessions (
  token_sha256 text PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff (id),
  expires_at timestamptz NOT NULL
);

-- The source of truth: every accepted event, once, never changed.
CREATE TABLE events (
  id uuid PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  seq bigint NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  registration_id uuid NOT NULL,
  payload jsonb NOT NULL,
  UNIQUE (device_id, seq)
);
CREATE INDEX events_registration ON events (registration_id);
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only';
END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Projection: each registration's folded state, with the columns the queue and reports need.
CREATE SEQUENCE registration_change_seq;
CREATE TABLE registrations (
  id uuid PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  day date NOT NULL,
  ticket_number text NOT NULL,
  status text NOT NULL,
  state jsonb NOT NULL,
  change_seq bigint NOT NULL,
  UNIQUE (site_id, day, ticket_number)
);
CREATE INDEX registrations_site_change ON registrations (site_id, change_seq);

-- Projection: the manager's daily counts, one row per day × site × service × channel × provider × operator
-- ('' where a dimension does not apply, so the primary key works on both databases).
CREATE TABLE daily_counts (
  day date NOT NULL,
  site_id text NOT NULL,
  service text NOT NULL,
  channel text NOT NULL DEFAULT '',
  provider_id text NOT NULL DEFAULT '',
  operator_id text NOT NULL DEFAULT '',
  submitted integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, service, channel, provider_id, operator_id)
);
