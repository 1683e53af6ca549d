-- The database's identity, written once when it is initialised and kept beside it in a file
-- (storage/identity-marker.ts): a server that finds the file but not this row, or another id
-- here, knows the data it remembers is gone or is not this database, and refuses to start.
CREATE TABLE storage_identity (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  database_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Touched (and rolled back) by /readyz to learn that the database takes writes.
  ready_checked_at timestamptz
);
