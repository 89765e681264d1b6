-- SQL addresses the catalog of an environment by its display name, so two environments of one
-- organization may not share one. Where some already do, the oldest keeps the name and each
-- other one is renamed to name-id, cut to 64 characters, which is unique as ids are.
UPDATE "environments" e
SET "display_name" = left(e."display_name", 63 - length(e."id")) || '-' || e."id"
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "organization_id", "display_name" ORDER BY "seq") AS n
  FROM "environments"
) ranked
WHERE ranked."id" = e."id" AND ranked.n > 1;

-- CreateIndex
CREATE UNIQUE INDEX "environments_organization_id_display_name_key" ON "environments"("organization_id", "display_name");
