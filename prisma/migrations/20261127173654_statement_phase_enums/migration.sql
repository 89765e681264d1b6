-- CreateEnum
CREATE TYPE "statement_phase" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'DELETING', 'FAILING', 'FAILED', 'STOPPING', 'STOPPED', 'DEGRADED');

-- CreateEnum
CREATE TYPE "scaling_state" AS ENUM ('OK', 'PENDING_SCALE_DOWN', 'PENDING_SCALE_UP', 'POOL_EXHAUSTED');

-- Converts the rows in place (the index on compute_pool_id, phase is rebuilt with them). A value
-- outside the enum fails the migration instead of being dropped or guessed.
ALTER TABLE "statements"
  ALTER COLUMN "phase" DROP DEFAULT,
  ALTER COLUMN "phase" TYPE "statement_phase" USING "phase"::"statement_phase",
  ALTER COLUMN "phase" SET DEFAULT 'PENDING',
  ALTER COLUMN "scaling_state" DROP DEFAULT,
  ALTER COLUMN "scaling_state" TYPE "scaling_state" USING "scaling_state"::"scaling_state",
  ALTER COLUMN "scaling_state" SET DEFAULT 'OK';
