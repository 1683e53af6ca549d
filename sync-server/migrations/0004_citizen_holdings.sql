-- What each citizen holds from the programme — one row per registration that ended with a
-- certificate (token or remote) or an e-ID level-2 hand-off — keyed by a look-up key derived
-- from the ID number in one place only (sync-server/src/citizens/citizen-key.ts), so the key can
-- become a keyed hash without touching the queries. Written by push ingest in the same
-- transaction as the registration it mirrors; read by the one-free-certificate gate and by the
-- counter's staff-only look-up.
CREATE TABLE citizen_holdings (
  registration_id uuid PRIMARY KEY REFERENCES registrations (id),
  citizen_key text NOT NULL,
  site_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('certificate', 'eid-level2')),
  channel text,
  provider_id text,
  token_serial text,
  certificate_serial text,
  issued_at timestamptz NOT NULL,
  not_after timestamptz,
  revoked boolean NOT NULL DEFAULT false,
  eid_result text CHECK (eid_result IN ('pending', 'approved', 'refused'))
);
CREATE INDEX citizen_holdings_key ON citizen_holdings (citizen_key);

-- A site manager's approval of an unverified chip that disagrees with a registration, made
-- with the manager's own sign-in. The counter records it as an `identity.mismatch-approved`
-- event naming this row; push ingest stores that event only when the row is here.
CREATE TABLE identity_approvals (
  id uuid PRIMARY KEY,
  registration_id uuid NOT NULL REFERENCES registrations (id),
  chip_read_id uuid,
  approved_by text NOT NULL REFERENCES staff (id),
  reason text NOT NULL,
  approved_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identity_approvals_registration ON identity_approvals (registration_id);
