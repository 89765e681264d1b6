-- Which credential key an identity's SCRAM password was derived with: a scheduler start sets
-- only the passwords whose key changed, not every password again.
ALTER TABLE "kafka_identities" ADD COLUMN "key_id" TEXT;
