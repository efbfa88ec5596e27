CREATE TABLE "program_cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_start_at" timestamp with time zone NOT NULL,
	"period_end_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"budget_minor" bigint NOT NULL,
	"carry_in_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"notice_sent_at" timestamp with time zone,
	"note" text,
	"report" jsonb,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_participants" (
	"program_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"status" text DEFAULT 'Invited' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_renewals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"allocated_minor" bigint NOT NULL,
	"status" text DEFAULT 'Planned' NOT NULL,
	"request_id" uuid,
	"deal_id" uuid,
	"accepted_minor" bigint,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'Active' NOT NULL,
	"period" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"budget_per_period_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"regions" text[] DEFAULT '{}' NOT NULL,
	"event_types" text[] DEFAULT '{}' NOT NULL,
	"categories" text[] DEFAULT '{}' NOT NULL,
	"technologies" text[] DEFAULT '{}' NOT NULL,
	"per_community_cap_minor" bigint,
	"carry_over" text DEFAULT 'none' NOT NULL,
	"proposal_template" jsonb NOT NULL,
	"contract_template" jsonb,
	"paused_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD COLUMN "program_id" uuid;--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD COLUMN "program_period" text;--> statement-breakpoint
ALTER TABLE "program_cycles" ADD CONSTRAINT "program_cycles_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_participants" ADD CONSTRAINT "program_participants_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_participants" ADD CONSTRAINT "program_participants_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_participants" ADD CONSTRAINT "program_participants_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_renewals" ADD CONSTRAINT "program_renewals_cycle_id_program_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."program_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_renewals" ADD CONSTRAINT "program_renewals_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_renewals" ADD CONSTRAINT "program_renewals_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "program_cycles_period_uq" ON "program_cycles" USING btree ("program_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "program_participants_uq" ON "program_participants" USING btree ("program_id","community_id");--> statement-breakpoint
CREATE INDEX "program_participants_community_idx" ON "program_participants" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "program_renewals_cycle_community_uq" ON "program_renewals" USING btree ("cycle_id","community_id");--> statement-breakpoint
CREATE INDEX "program_renewals_program_idx" ON "program_renewals" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "programs_organization_idx" ON "programs" USING btree ("organization_id","created_at");--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD CONSTRAINT "sponsorship_requests_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sponsorship_requests_program_renewal_uq" ON "sponsorship_requests" USING btree ("program_id","program_period","community_id") WHERE "sponsorship_requests"."program_id" is not null;