-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "pending_since" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "admission_latency_buckets" (
    "flink_region" TEXT NOT NULL,
    "le" DOUBLE PRECISION NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "sum_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "admission_latency_buckets_pkey" PRIMARY KEY ("flink_region","le")
);
