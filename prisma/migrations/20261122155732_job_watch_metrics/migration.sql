-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "checkpoint_path" TEXT,
ADD COLUMN     "latest_metrics" JSONB;

-- CreateTable
CREATE TABLE "statement_metric_samples" (
    "id" BIGSERIAL NOT NULL,
    "statement_uid" UUID NOT NULL,
    "compute_pool_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "records_in" BIGINT NOT NULL,
    "records_out" BIGINT NOT NULL,
    "pending_records" BIGINT NOT NULL,
    "current_cfu" INTEGER NOT NULL,
    "state_size_bytes" BIGINT NOT NULL,
    "input_watermark" TIMESTAMPTZ(3),
    "output_watermark" TIMESTAMPTZ(3),

    CONSTRAINT "statement_metric_samples_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "statement_metric_samples_statement_uid_at_idx" ON "statement_metric_samples"("statement_uid", "at");

-- CreateIndex
CREATE INDEX "statement_metric_samples_compute_pool_id_at_idx" ON "statement_metric_samples"("compute_pool_id", "at");
