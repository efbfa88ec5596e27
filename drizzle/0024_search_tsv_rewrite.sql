-- 0023's rewrite left the tsvectors where they were: an UPDATE recomputes a stored generated column only when
-- a column it is built from is assigned, and otherwise keeps the stored value (out of line). Assigning the name
-- a fresh copy recomputes tsv, which is then stored by the MAIN rule (in the row). Rows written by the index
-- since 0023 are stored so already.
UPDATE "organization_search" SET "display_name" = "display_name" || '';
