-- AlterTable
ALTER TABLE "notification_subscriptions" ADD COLUMN     "budget_compute_pool_id" TEXT,
ADD COLUMN     "budget_cfu_minutes" INTEGER,
ADD COLUMN     "budget_thresholds" INTEGER[] DEFAULT ARRAY[100]::INTEGER[],
ADD COLUMN     "dead_letter_window_minutes" INTEGER NOT NULL DEFAULT 60;
