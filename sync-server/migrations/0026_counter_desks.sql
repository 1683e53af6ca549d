-- A counter's number in the waiting room ("Quầy 2") and the desks it serves (core's desk
-- services, a JSON array). Both NULL: not numbered yet — the counter serves every desk. A number
-- is one counter's at its site; it is cleared when the counter moves to another site or is revoked.
ALTER TABLE devices ADD COLUMN counter_number integer CHECK (counter_number BETWEEN 1 AND 999);
ALTER TABLE devices ADD COLUMN counter_services jsonb;
ALTER TABLE devices ADD CONSTRAINT devices_counter_setting_whole CHECK ((counter_number IS NULL) = (counter_services IS NULL));
CREATE UNIQUE INDEX devices_counter_number ON devices (site_id, counter_number) WHERE counter_number IS NOT NULL;
