-- The audit log: every staff action, appended once, hash-chained so that a changed, removed or
-- reordered entry is detectable (`dangky-server audit verify`).
--
-- Entry n holds the hash of entry n-1 (`prev_hash`; 64 zeros before the first) and its own hash:
-- SHA-256 over `prev_hash || body`, body the JSON array
--   [seq, at (UTC, microseconds), actor_id, actor_role, action, site_id, province_code, target, detail]
-- with `detail` the stored canonical JSON text. The server computes it while holding the chain's
-- lock (src/audit/append-audit.ts) and the verifier recomputes it from the stored columns; the
-- database refuses, as a safety net, an insert whose `prev_hash` is not its predecessor's hash
-- (a writer that skipped the lock), and refuses every change or removal.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  site_id text,
  province_code text,
  target text,
  detail text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_site ON audit_log (site_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM new_rows n LEFT JOIN audit_log p ON p.seq = n.seq - 1
    WHERE n.prev_hash IS DISTINCT FROM (CASE WHEN n.seq = 1 THEN repeat('0', 64) ELSE p.hash END)
  ) THEN
    RAISE EXCEPTION 'audit_log: an appended entry does not follow the chain';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_log_links AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_links();

-- The daily anchor: the head of the chain at the end of each Ho Chi Minh day, printed or sent
-- elsewhere by an operator; an anchor kept outside the database is what catches a chain that
-- was rewritten from the tampered entry onwards, or cut short.
CREATE TABLE audit_anchors (
  day date PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL,
  made_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
-- Statement-level, so even a change that matches no row is refused.
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_anchors_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- The role that migrates is the role the server runs as: it keeps INSERT and SELECT only (an
-- owner can revoke its own privileges; PostgreSQL checks them before any trigger runs).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_anchors FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_anchors FROM CURRENT_USER;
