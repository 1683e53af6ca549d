-- The waiting room's call display: a device kind of its own, which pushes nothing and reads its
-- site's call board (GET /v1/board) — numbers, counters and counts, no personal data.
ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('kiosk', 'counter', 'display'));
ALTER TABLE enrolment_codes DROP CONSTRAINT enrolment_codes_kind_check;
ALTER TABLE enrolment_codes ADD CONSTRAINT enrolment_codes_kind_check CHECK (kind IN ('kiosk', 'counter', 'display'));

-- Each registration's desk in clear beside its status (the state itself is sealed), so the board
-- counts tickets waiting per desk without opening a registration. NULL on rows last written
-- before this migration: they count in no desk until their next change.
ALTER TABLE registrations ADD COLUMN desk text;
CREATE INDEX registrations_site_day_status ON registrations (site_id, day, status);

-- Projection: every accepted call (a recall is another call of the same ticket), written at
-- ingest with what the board shows and says — the ticket number, the counter, the time and the
-- language the citizen chose at the kiosk for the announcement. No personal data.
CREATE TABLE board_calls (
  event_id uuid PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  day date NOT NULL,
  registration_id uuid NOT NULL,
  ticket_number text NOT NULL,
  counter_id text NOT NULL,
  called_at timestamptz NOT NULL,
  language text NOT NULL CHECK (language IN ('vi', 'en'))
);
CREATE INDEX board_calls_site_day ON board_calls (site_id, day, called_at DESC);
CREATE INDEX board_calls_registration ON board_calls (registration_id, called_at);
