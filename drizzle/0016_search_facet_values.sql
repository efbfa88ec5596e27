DROP INDEX "organization_search_name_trgm_idx";--> statement-breakpoint
DROP INDEX "organization_search_text_trgm_idx";--> statement-breakpoint
ALTER TABLE "organization_search" ADD COLUMN "facet_values" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Keep the rows a filter or a facet count reads narrow: the stored document (read only for a page's hits) and
-- the search text (read only to build tsv) go out of line, so a scan over the matches reads half the pages.
-- Rows written from here on (every upsert, the backfill below) are stored so.
ALTER TABLE "organization_search" ALTER COLUMN "document" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "search_text" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "organization_search" SET (toast_tuple_target = 256);--> statement-breakpoint
-- The same "facet<US>value" strings the adapter writes (facetValuesOf), for the rows already indexed.
UPDATE "organization_search" SET "facet_values" =
  ARRAY['kind' || chr(31) || "kind"]
  || CASE WHEN "industry" IS NULL THEN '{}'::text[] ELSE ARRAY['industry' || chr(31) || "industry"] END
  || ARRAY(SELECT DISTINCT 'technologies' || chr(31) || v FROM unnest("technologies") AS v)
  || ARRAY(SELECT DISTINCT 'supportedRegions' || chr(31) || v FROM unnest("supported_regions") AS v)
  || ARRAY(SELECT DISTINCT 'preferredEventTypes' || chr(31) || v FROM unnest("preferred_event_types") AS v)
  || ARRAY(SELECT DISTINCT 'sponsorshipTypes' || chr(31) || v FROM unnest("sponsorship_types") AS v)
  || ARRAY['status' || chr(31) || "status"];
