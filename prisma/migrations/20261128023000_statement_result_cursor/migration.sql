-- A running query keeps its result cursor on the SQL Gateway in PostgreSQL, so another engine
-- worker continues fetching its results when the one serving it stops.
ALTER TABLE "statements" ADD COLUMN "result_session" TEXT,
ADD COLUMN "result_operation" TEXT,
ADD COLUMN "result_next" TEXT,
ADD COLUMN "result_seq" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN "result_columns" JSONB;

-- Rows stored before: a resumed query appends after them.
UPDATE "statements" AS s SET "result_seq" = r.last
FROM (SELECT "statement_uid", max("seq") AS last FROM "statement_result_rows" GROUP BY "statement_uid") AS r
WHERE r."statement_uid" = s."uid";
