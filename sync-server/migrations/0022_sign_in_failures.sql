-- Failed sign-ins per account and per address, read before any password is hashed (core's
-- sign-in limits decide the wait or the lock). A row goes when its key signs in, when an
-- administrator unlocks it, or when it is old enough to be forgotten.
CREATE TABLE sign_in_failures (
  kind text NOT NULL CHECK (kind IN ('account', 'address')),
  key text NOT NULL,
  failures integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);
