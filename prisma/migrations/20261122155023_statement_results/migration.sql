-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "results_read_at" TIMESTAMPTZ(3),
ADD COLUMN     "results_read_seq" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "statement_result_rows" (
    "statement_uid" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "op" SMALLINT NOT NULL,
    "row" JSONB NOT NULL,

    CONSTRAINT "statement_result_rows_pkey" PRIMARY KEY ("statement_uid","seq")
);

-- CreateTable
CREATE TABLE "statement_exceptions" (
    "id" BIGSERIAL NOT NULL,
    "statement_uid" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "statement_exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "statement_exceptions_statement_uid_id_idx" ON "statement_exceptions"("statement_uid", "id");
