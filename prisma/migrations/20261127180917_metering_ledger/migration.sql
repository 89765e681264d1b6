-- CreateTable
CREATE TABLE "cfu_minutes" (
    "statement_uid" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "organization_id" UUID NOT NULL,
    "environment_id" TEXT NOT NULL,
    "compute_pool_id" TEXT NOT NULL,
    "flink_region" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "cfu" INTEGER NOT NULL,
    "filled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "cfu_minutes_pkey" PRIMARY KEY ("statement_uid","minute")
);

-- CreateTable
CREATE TABLE "cfu_hours" (
    "statement_uid" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "compute_pool_id" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "environment_id" TEXT NOT NULL,
    "flink_region" TEXT NOT NULL,
    "cfu_minutes" BIGINT NOT NULL,

    CONSTRAINT "cfu_hours_pkey" PRIMARY KEY ("statement_uid","hour","compute_pool_id","principal")
);

-- CreateTable
CREATE TABLE "cfu_days" (
    "statement_uid" UUID NOT NULL,
    "day" DATE NOT NULL,
    "compute_pool_id" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "environment_id" TEXT NOT NULL,
    "flink_region" TEXT NOT NULL,
    "cfu_minutes" BIGINT NOT NULL,

    CONSTRAINT "cfu_days_pkey" PRIMARY KEY ("statement_uid","day","compute_pool_id","principal")
);

-- CreateTable
CREATE TABLE "cfu_dirty_hours" (
    "statement_uid" UUID NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cfu_dirty_hours_pkey" PRIMARY KEY ("statement_uid","hour")
);

-- CreateTable
CREATE TABLE "metering_cursors" (
    "statement_uid" UUID NOT NULL,
    "through" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "metering_cursors_pkey" PRIMARY KEY ("statement_uid")
);

-- CreateIndex
CREATE INDEX "cfu_hours_organization_id_hour_idx" ON "cfu_hours"("organization_id", "hour");

-- CreateIndex
CREATE INDEX "cfu_days_organization_id_day_idx" ON "cfu_days"("organization_id", "day");

-- CreateIndex
CREATE INDEX "statement_metric_samples_at_idx" ON "statement_metric_samples"("at");
