CREATE TABLE "activation_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"run" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'checking' NOT NULL,
	"risk_score" integer,
	"signals" jsonb,
	"applicant_name" text,
	"applicant_email" text,
	"applicant_ip" text,
	"previous_status" text,
	"decided_by" uuid,
	"decision" text,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_search" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"display_name" text NOT NULL,
	"search_text" text NOT NULL,
	"industry" text,
	"technologies" text[] NOT NULL,
	"supported_regions" text[] NOT NULL,
	"preferred_event_types" text[] NOT NULL,
	"sponsorship_types" text[] NOT NULL,
	"budget_min_minor" bigint,
	"budget_max_minor" bigint,
	"budget_currency" text,
	"reputation_score" integer NOT NULL,
	"added_by_community_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(display_name, '')), 'A') || setweight(to_tsvector('simple', coalesce(search_text, '')), 'B')) STORED
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "contacts_ciphertext" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "disabled_reason" text;--> statement-breakpoint
ALTER TABLE "activation_tokens" ADD CONSTRAINT "activation_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_tokens" ADD CONSTRAINT "activation_tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_verifications" ADD CONSTRAINT "organization_verifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_verifications" ADD CONSTRAINT "organization_verifications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_search" ADD CONSTRAINT "organization_search_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activation_tokens_hash_uq" ON "activation_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "activation_tokens_user_idx" ON "activation_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organization_verifications_org_run_uq" ON "organization_verifications" USING btree ("organization_id","run");--> statement-breakpoint
CREATE INDEX "organization_verifications_status_idx" ON "organization_verifications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "organization_search_tsv_idx" ON "organization_search" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "organization_search_name_trgm_idx" ON "organization_search" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organization_search_text_trgm_idx" ON "organization_search" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organization_search_technologies_idx" ON "organization_search" USING gin ("technologies");--> statement-breakpoint
CREATE INDEX "organization_search_regions_idx" ON "organization_search" USING gin ("supported_regions");--> statement-breakpoint
CREATE INDEX "organization_search_event_types_idx" ON "organization_search" USING gin ("preferred_event_types");--> statement-breakpoint
CREATE INDEX "organization_search_sponsorship_types_idx" ON "organization_search" USING gin ("sponsorship_types");--> statement-breakpoint
CREATE INDEX "organization_search_status_idx" ON "organization_search" USING btree ("status","kind");--> statement-breakpoint
CREATE INDEX "organization_search_reputation_idx" ON "organization_search" USING btree ("reputation_score");--> statement-breakpoint
CREATE INDEX "organization_search_created_idx" ON "organization_search" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "organizations_display_name_trgm_idx" ON "organizations" USING gin ("display_name" gin_trgm_ops);