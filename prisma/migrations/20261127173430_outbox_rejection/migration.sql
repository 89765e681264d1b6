-- Why the relay rejected a record (libs/contracts readOutboxCommand).
ALTER TABLE "outbox_commands" ADD COLUMN     "rejection" TEXT;

-- Payloads are versioned from here on: records still waiting have the shape of version 1.
UPDATE "outbox_commands" SET "payload" = "payload" || '{"version": 1}'::jsonb
WHERE "dispatched_at" IS NULL AND jsonb_typeof("payload") = 'object' AND "payload" -> 'version' IS NULL;
