DROP INDEX "organization_search_reputation_idx";--> statement-breakpoint
DROP INDEX "organization_search_created_idx";--> statement-breakpoint
CREATE INDEX "organization_search_name_sort_idx" ON "organization_search" USING btree (lower("display_name") collate "C","organization_id");--> statement-breakpoint
CREATE INDEX "organization_search_reputation_idx" ON "organization_search" USING btree ("reputation_score" DESC NULLS FIRST,"organization_id");--> statement-breakpoint
CREATE INDEX "organization_search_created_idx" ON "organization_search" USING btree ("created_at" DESC NULLS FIRST,"organization_id");