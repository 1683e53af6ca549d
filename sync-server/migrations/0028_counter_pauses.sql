-- A counter's breaks: each pause ("Tạm nghỉ") and resume ("Tiếp tục phục vụ") a clerk made, with
-- the clerk and the counter's time (core/src/queue/counter-pause.ts). Not an event: events are
-- about one registration each, a break is about none. Append-only like the events; the counter's
-- state is its latest row. A call made inside a break is refused at ingest (gates/counter-open.ts).
CREATE TABLE counter_pauses (
  id uuid PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  counter_id text NOT NULL REFERENCES devices (id),
  operator_id text NOT NULL REFERENCES staff (id),
  paused boolean NOT NULL,
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX counter_pauses_counter_at ON counter_pauses (counter_id, at DESC);
CREATE INDEX counter_pauses_site ON counter_pauses (site_id, counter_id);
CREATE FUNCTION counter_pauses_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'counter_pauses is append-only';
END $$;
-- Statement-level, so even a change that matches no row is refused.
CREATE TRIGGER counter_pauses_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON counter_pauses
  FOR EACH STATEMENT EXECUTE FUNCTION counter_pauses_append_only();
