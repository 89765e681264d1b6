-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "jit_enabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_accounts" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "service_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "owner_id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "resource_id" TEXT NOT NULL DEFAULT 'cloud',
    "resource_environment_id" TEXT,
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "environments" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "stream_governance_package" TEXT NOT NULL DEFAULT 'ESSENTIALS',
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compute_pools" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "environment_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "cloud" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "max_cfu" INTEGER NOT NULL,
    "default_pool" BOOLEAN NOT NULL DEFAULT false,
    "enable_ai" BOOLEAN NOT NULL DEFAULT false,
    "phase" TEXT NOT NULL DEFAULT 'PROVISIONED',
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "compute_pools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statements" (
    "uid" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "environment_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "resource_version" INTEGER NOT NULL DEFAULT 1,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "statement" TEXT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "compute_pool_id" TEXT NOT NULL,
    "flink_region" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "stopped" BOOLEAN NOT NULL DEFAULT false,
    "baseline_cfu" INTEGER,
    "phase" TEXT NOT NULL DEFAULT 'PENDING',
    "cfu" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT NOT NULL DEFAULT '',
    "traits" JSONB,
    "scaling_state" TEXT NOT NULL DEFAULT 'OK',
    "scaling_updated_at" TIMESTAMPTZ(3),
    "latest_offsets" JSONB,
    "latest_offsets_timestamp" TIMESTAMPTZ(3),
    "dispatched" BOOLEAN NOT NULL DEFAULT false,
    "start_time" TIMESTAMPTZ(3),
    "end_time" TIMESTAMPTZ(3),
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "statements_pkey" PRIMARY KEY ("uid")
);

-- CreateTable
CREATE TABLE "outbox_commands" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID NOT NULL,
    "command" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" UUID,
    "principal" TEXT,
    "action" TEXT NOT NULL,
    "resource" TEXT,
    "request_id" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "client_address" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "users_organization_id_seq_idx" ON "users"("organization_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "users_organization_id_email_key" ON "users"("organization_id", "email");

-- CreateIndex
CREATE INDEX "service_accounts_organization_id_seq_idx" ON "service_accounts"("organization_id", "seq");

-- CreateIndex
CREATE INDEX "api_keys_organization_id_seq_idx" ON "api_keys"("organization_id", "seq");

-- CreateIndex
CREATE INDEX "api_keys_owner_id_idx" ON "api_keys"("owner_id");

-- CreateIndex
CREATE INDEX "environments_organization_id_seq_idx" ON "environments"("organization_id", "seq");

-- CreateIndex
CREATE INDEX "compute_pools_organization_id_environment_id_seq_idx" ON "compute_pools"("organization_id", "environment_id", "seq");

-- CreateIndex
CREATE INDEX "statements_organization_id_environment_id_seq_idx" ON "statements"("organization_id", "environment_id", "seq");

-- CreateIndex
CREATE INDEX "statements_environment_id_compute_pool_id_seq_idx" ON "statements"("environment_id", "compute_pool_id", "seq");

-- CreateIndex
CREATE INDEX "statements_compute_pool_id_phase_idx" ON "statements"("compute_pool_id", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "statements_environment_id_name_key" ON "statements"("environment_id", "name");

-- CreateIndex
CREATE INDEX "outbox_commands_dispatched_at_id_idx" ON "outbox_commands"("dispatched_at", "id");

-- CreateIndex
CREATE INDEX "audit_events_organization_id_id_idx" ON "audit_events"("organization_id", "id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_accounts" ADD CONSTRAINT "service_accounts_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "environments" ADD CONSTRAINT "environments_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compute_pools" ADD CONSTRAINT "compute_pools_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statements" ADD CONSTRAINT "statements_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
