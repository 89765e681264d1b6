-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "resource_name" TEXT;

-- CreateTable
CREATE TABLE "role_bindings" (
    "id" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "role_name" TEXT NOT NULL,
    "crn_pattern" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "role_bindings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "role_bindings_organization_id_principal_idx" ON "role_bindings"("organization_id", "principal");

-- CreateIndex
CREATE INDEX "role_bindings_organization_id_seq_idx" ON "role_bindings"("organization_id", "seq");

-- CreateIndex
CREATE INDEX "audit_events_organization_id_principal_id_idx" ON "audit_events"("organization_id", "principal", "id");

-- AddForeignKey
ALTER TABLE "role_bindings" ADD CONSTRAINT "role_bindings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
