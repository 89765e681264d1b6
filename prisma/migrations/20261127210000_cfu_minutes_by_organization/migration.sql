-- Metrics queries read an organization's ledger minutes over an interval.
CREATE INDEX "cfu_minutes_organization_id_minute_idx" ON "cfu_minutes"("organization_id", "minute");
