-- The offline hand-off: a ticket's QR carries the registration sealed to its site's key, so a
-- booth's counter serves the citizen while the server is out of reach.

-- One ECDH P-256 key pair per site at a time. Kiosks receive the public half, the site's counters
-- the private half. The private half is stored sealed (AES-256-GCM under the server's
-- key-encryption key, a file outside the database), never in clear. A rotation retires the
-- current pair; counters keep receiving a retired pair for a grace period, so tickets printed
-- just before the rotation still open.
CREATE TABLE site_handoff_keys (
  kid text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  public_key text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE INDEX site_handoff_keys_site ON site_handoff_keys (site_id, created_at DESC);

-- Events a counter recorded, offline, for a registration whose submission has not reached the
-- server yet (the kiosk is still offline). They wait here, answered `accepted` to the counter,
-- and go through the gates and the fold — into `events` — in the transaction that stores the
-- submission. One that is refused then stays here with its code, for the site's manager.
CREATE TABLE held_events (
  id uuid PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  seq bigint NOT NULL,
  site_id text NOT NULL,
  registration_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  event jsonb NOT NULL,
  held_at timestamptz NOT NULL DEFAULT now(),
  refused_code text,
  UNIQUE (device_id, seq)
);
CREATE INDEX held_events_registration ON held_events (registration_id);
