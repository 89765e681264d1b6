-- A redelivered metric sample is stored once: a sample is its statement and time.
DELETE FROM "statement_metric_samples" a USING "statement_metric_samples" b
  WHERE a."statement_uid" = b."statement_uid" AND a."at" = b."at" AND a."id" > b."id";

-- DropIndex
DROP INDEX "statement_metric_samples_statement_uid_at_idx";

-- CreateIndex
CREATE UNIQUE INDEX "statement_metric_samples_statement_uid_at_key" ON "statement_metric_samples"("statement_uid", "at");
