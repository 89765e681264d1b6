-- Statements created from now on keep the transactional ids of their sinks under the prefix of
-- their principal (one broker ACL per principal). Existing statements keep the per-statement
-- prefix their savepoints name.
ALTER TABLE "statements" ADD COLUMN "transactional_id_prefix" TEXT;
UPDATE "statements" SET "transactional_id_prefix" = 'cflink-' || "uid"::text || '-';
ALTER TABLE "statements" ALTER COLUMN "transactional_id_prefix" SET NOT NULL;
