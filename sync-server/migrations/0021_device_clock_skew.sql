-- How far a device's clock ran ahead of the server's on its last report (negative: behind), in
-- seconds: the fleet page shows a clock that is off before its events are refused for their time.
-- bigint: a clock set to 2099 is off by more than 2^31 seconds.
ALTER TABLE device_reports ADD COLUMN clock_skew_s bigint;
