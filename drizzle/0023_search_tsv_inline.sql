-- Every text query tests each matching row's tsvector against several tsqueries (its relevance tier): stored
-- out of line (as toast_tuple_target 256 left it, drizzle/0016) each test first fetched it from the TOAST
-- table. Kept in the row, compressed (about 460 bytes): the row read brings it. The rewrite applies it to
-- the rows already indexed (the triggers find no facet or word change).
ALTER TABLE "organization_search" ALTER COLUMN "tsv" SET STORAGE MAIN;--> statement-breakpoint
UPDATE "organization_search" SET "kind" = "kind";
