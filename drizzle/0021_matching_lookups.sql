CREATE INDEX "event_partner_links_organization_idx" ON "event_partner_links" USING btree ("organization_id");--> statement-breakpoint
-- Smart matching's candidate statement and the directory's filters read these columns on every row they test;
-- with toast_tuple_target 256 (0016) they were moved out of line too, so each array read was a TOAST lookup
-- (at 100k organizations one candidate statement read 600k buffers and took 1.6 s; inline, 6k buffers). MAIN
-- keeps them in the row; the document and the search text stay out of line.
ALTER TABLE "organization_search" ALTER COLUMN "technologies" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "supported_regions" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "preferred_event_types" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "sponsorship_types" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "kind" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "status" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "industry" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "organization_search" ALTER COLUMN "budget_currency" SET STORAGE MAIN;--> statement-breakpoint
-- Rows already written keep out-of-line values until rewritten: store a fresh copy of each (array_cat with an
-- empty array and || '' return detoasted values, which are stored by the new rule).
UPDATE "organization_search" SET
  "technologies" = array_cat("technologies", '{}'::text[]),
  "supported_regions" = array_cat("supported_regions", '{}'::text[]),
  "preferred_event_types" = array_cat("preferred_event_types", '{}'::text[]),
  "sponsorship_types" = array_cat("sponsorship_types", '{}'::text[]),
  "kind" = "kind" || '',
  "status" = "status" || '',
  "industry" = "industry" || '',
  "budget_currency" = "budget_currency" || '';
