-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "flink_job_id" TEXT,
ADD COLUMN     "last_event_seq" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "savepoint_path" TEXT;
