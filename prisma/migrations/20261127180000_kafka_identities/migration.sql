-- CreateTable
CREATE TABLE "kafka_identities" (
    "user" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kafka_identities_pkey" PRIMARY KEY ("user")
);
