-- CreateTable
CREATE TABLE "catalog_tables" (
    "environment_id" TEXT NOT NULL,
    "database_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partitions" INTEGER NOT NULL,
    "statement_uid" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_tables_pkey" PRIMARY KEY ("environment_id","database_id","name")
);

-- CreateIndex
CREATE INDEX "catalog_tables_environment_id_seq_idx" ON "catalog_tables"("environment_id", "seq");
