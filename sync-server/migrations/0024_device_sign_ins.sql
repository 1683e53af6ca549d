-- Who signed in on which counter, and for how long: the proof that an event naming an operator
-- was recorded by that person on that device (judged by the event's time, so what a counter
-- recorded offline during a sign-in still counts after the session ended), and what binds a
-- counter's pull of the queue to the session it carries. A row is made at sign-in through the
-- device; `ended_at` is the session's expiry, brought forward by a sign-out, a disabled account
-- or a password reset. The row outlives the session (kept like the audit log).
CREATE TABLE device_sign_ins (
  session_sha256 text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  staff_id text NOT NULL REFERENCES staff (id),
  signed_in_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL
);
CREATE INDEX device_sign_ins_device_staff ON device_sign_ins (device_id, staff_id, ended_at);
