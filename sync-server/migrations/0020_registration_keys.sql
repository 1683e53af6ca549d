-- Each registration's data key, wrapped by the server's key-encryption key (held outside the
-- database): the events' payloads, the registrations' states and the held events are sealed
-- under it. Erasure (retention, a citizen's request) sets `wrapped` to NULL and keeps the row as
-- a tombstone, so nothing is sealed for that registration again and every copy of what was —
-- events, projections, backups taken after — stays unreadable, while counts and the audit chain
-- (which hold no personal data) are untouched.
CREATE TABLE registration_keys (
  registration_id uuid PRIMARY KEY,
  kek_id text NOT NULL,
  wrapped text,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz,
  CHECK ((wrapped IS NULL) = (erased_at IS NOT NULL))
);

-- When a registration was finished (completed or cancelled), in clear: the retention job finds
-- what is due without opening any state.
ALTER TABLE registrations ADD COLUMN finished_at timestamptz;
CREATE INDEX registrations_finished ON registrations (finished_at) WHERE finished_at IS NOT NULL;

-- The keyed hash (HMAC) of the registration's ID number, as `citizen_holdings` keeps it: a
-- citizen's request to see their data finds their registrations without the number in clear.
ALTER TABLE registrations ADD COLUMN citizen_key text;
CREATE INDEX registrations_citizen ON registrations (citizen_key) WHERE citizen_key IS NOT NULL;
