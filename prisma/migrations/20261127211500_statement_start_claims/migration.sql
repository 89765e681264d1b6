-- A start an engine worker claims, fenced by a token per statement: a worker that lost its
-- claim cannot record (and cancels) its job, and a stop or delete waits only for a live start.
ALTER TABLE "statements" ADD COLUMN "start_token" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN "start_settled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "start_job_id" TEXT;
