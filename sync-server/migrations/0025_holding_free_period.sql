-- The free period of a certificate, fixed when it was issued from its provider's programme terms
-- (issue day + free months, core's `freePeriodEnd`): the last free day, or NULL when nothing was
-- free. Kept as issued: a later change of the provider's terms does not move it.
ALTER TABLE citizen_holdings ADD COLUMN free_until date;
