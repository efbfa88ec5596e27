CREATE TABLE "organization_search_word" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "organization_search_word_head_idx" ON "organization_search_word" USING btree (left("word", 1),length("word"));--> statement-breakpoint
CREATE INDEX "organization_search_word_tail_idx" ON "organization_search_word" USING btree (substr("word", 2));--> statement-breakpoint
-- levenshtein_less_equal narrows the typo candidates the adapter then checks (src/search/postgres-search-index.ts).
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;--> statement-breakpoint
-- The dictionary follows every write of organization_search in the writing transaction, so a word is
-- typo-correctable in every process once that write commits (statement triggers: one INSERT per batch of
-- documents; words in sorted order so concurrent writers take their locks alike). Words of 4 letters or
-- more (a 5-letter query word may have lost one), without digits (domains with numbers, versions and ids
-- are not typo-corrected; they would only crowd the dictionary).
CREATE FUNCTION organization_search_add_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO organization_search_word (word)
  SELECT DISTINCT w FROM new_rows, unnest(tsvector_to_array(new_rows.tsv)) AS w
  WHERE length(w) >= 4 AND w !~ '[0-9]' ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER organization_search_words_on_insert AFTER INSERT ON organization_search
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_search_add_words();--> statement-breakpoint
CREATE TRIGGER organization_search_words_on_update AFTER UPDATE ON organization_search
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_search_add_words();--> statement-breakpoint
INSERT INTO organization_search_word (word)
  SELECT DISTINCT w FROM organization_search, unnest(tsvector_to_array(tsv)) AS w
  WHERE length(w) >= 4 AND w !~ '[0-9]'
  ON CONFLICT DO NOTHING;
