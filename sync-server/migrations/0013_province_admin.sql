-- Running a province without the demo: sites and event booths with their hours and dates,
-- devices enrolled by one-time code (renamed, moved, rotated, revoked) with what they report on
-- sync, staff with five roles, several sites, disabled accounts and forced password changes,
-- providers with their key types and programme terms, and blank-token stock.

-- Sites: an office's address and weekly hours; a booth's place, days and daily hours.
ALTER TABLE sites ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN hours jsonb NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN first_day date;
ALTER TABLE sites ADD COLUMN last_day date;
ALTER TABLE sites ADD CONSTRAINT sites_kind_check CHECK (kind IN ('office', 'event-booth'));
ALTER TABLE sites ADD CONSTRAINT sites_booth_days CHECK (
  (kind = 'event-booth' AND first_day IS NOT NULL AND last_day IS NOT NULL AND first_day <= last_day)
  OR (kind = 'office' AND first_day IS NULL AND last_day IS NULL)
  OR (kind = 'event-booth' AND first_day IS NULL AND last_day IS NULL)
);
CREATE INDEX sites_province ON sites (province_code);

-- Devices: a name people recognise, when it was enrolled, revocation, and the secret it had
-- before a rotation (so that device is told it is no longer enrolled, not just "unknown").
ALTER TABLE devices ADD COLUMN name text NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN enrolled_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE devices ADD COLUMN revoked_at timestamptz;
ALTER TABLE devices ADD COLUMN previous_secret_sha256 text;
ALTER TABLE devices ALTER COLUMN secret_sha256 DROP NOT NULL;

-- What each device said about itself on its last sync (pushes carry it; no polling).
CREATE TABLE device_reports (
  device_id text PRIMARY KEY REFERENCES devices (id),
  last_contact_at timestamptz NOT NULL,
  reported_at timestamptz,
  app_version text,
  pending integer,
  oldest_pending_at timestamptz,
  dead_letters integer,
  hardware jsonb NOT NULL DEFAULT '[]'
);

-- One-time enrolment codes: stored as a digest, used once, 15 minutes. The device id is fixed
-- when the code is made (a rotation makes a code for an existing device).
CREATE TABLE enrolment_codes (
  code_sha256 text PRIMARY KEY,
  device_id text NOT NULL,
  site_id text NOT NULL REFERENCES sites (id),
  kind text NOT NULL CHECK (kind IN ('kiosk', 'counter')),
  name text NOT NULL,
  ticket_prefix text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX enrolment_codes_device ON enrolment_codes (device_id);

-- Staff: five roles; national roles have no province; several sites; disabled accounts and a
-- password that must be changed at the next sign-in (after an administrator reset it).
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('clerk', 'site-manager', 'city-manager', 'national-manager', 'admin'));
ALTER TABLE staff ALTER COLUMN province_code DROP NOT NULL;
ALTER TABLE staff ADD COLUMN disabled_at timestamptz;
ALTER TABLE staff ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE staff ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE TABLE staff_sites (
  staff_id text NOT NULL REFERENCES staff (id),
  site_id text NOT NULL REFERENCES sites (id),
  PRIMARY KEY (staff_id, site_id)
);
INSERT INTO staff_sites (staff_id, site_id) SELECT id, site_id FROM staff WHERE site_id IS NOT NULL;

-- Providers: the key types each channel's CA certifies, and the programme's terms.
ALTER TABLE providers ADD COLUMN key_types jsonb NOT NULL DEFAULT '{}';
ALTER TABLE providers ADD COLUMN free_months integer NOT NULL DEFAULT 12;
ALTER TABLE providers ADD COLUMN one_free_per_citizen boolean NOT NULL DEFAULT true;
UPDATE providers SET key_types = (SELECT jsonb_object_agg(c, '["rsa2048"]'::jsonb) FROM unnest(channels) AS c);

-- Blank tokens held by a site, and how each left.
CREATE TABLE token_stock (
  serial text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  model text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('in-stock', 'issued', 'spoiled', 'returned')),
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by text NOT NULL,
  left_at timestamptz,
  left_by text,
  left_reason text,
  registration_id uuid
);
CREATE INDEX token_stock_site_state ON token_stock (site_id, state);
