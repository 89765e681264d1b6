-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "api_key_id" TEXT;
