-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "scaling_decided_at" TIMESTAMPTZ(3),
ADD COLUMN     "target_cfu" INTEGER;

-- AlterTable
ALTER TABLE "statement_metric_samples" ADD COLUMN     "back_pressured_ratio" REAL,
ADD COLUMN     "busy_ratio" REAL,
ADD COLUMN     "source_partitions" INTEGER;
