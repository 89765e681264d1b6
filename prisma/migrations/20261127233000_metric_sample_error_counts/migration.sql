-- AlterTable
ALTER TABLE "statement_metric_samples" ADD COLUMN     "dead_letter_records" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "skipped_records" BIGINT NOT NULL DEFAULT 0;
