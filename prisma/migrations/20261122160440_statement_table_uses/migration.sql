-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "table_uses" JSONB;
