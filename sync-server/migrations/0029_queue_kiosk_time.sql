-- How long citizens took at the kiosk before their ticket (registration.submitted's optional
-- kioskSeconds), kept beside the waits and services of 0007 and 0010 in the per-site and
-- per-province rollups — count, sum and counts in the service buckets of core's
-- duration-histogram.ts (h0 … h11) — so the queue report and the booth-day planner read a day's
-- kiosk times from the rows they already read, never from the events. Per desk like the rest: a
-- submission's desk is the service the citizen chose. Not per counter and clerk (no counter is
-- involved yet).
--
-- No backfill: no submission carried the time before this migration's release. ADD COLUMN with a
-- constant default changes no stored row on PostgreSQL (11+) or PGlite.

-- The same columns on both tables, h0 … h11 in a loop (one list to keep in step with core's buckets).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['queue_stats', 'queue_province_stats'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN kiosk_count integer NOT NULL DEFAULT 0, '
                   'ADD COLUMN kiosk_sum_s double precision NOT NULL DEFAULT 0', t);
    FOR i IN 0..11 LOOP
      EXECUTE format('ALTER TABLE %I ADD COLUMN %I integer NOT NULL DEFAULT 0', t, 'kiosk_h' || i);
    END LOOP;
  END LOOP;
END $$;
