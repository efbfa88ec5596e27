CREATE TABLE "deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"event_id" uuid,
	"accepted_revision" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"category" text NOT NULL,
	"tier_keyword" text NOT NULL,
	"benefits" jsonb NOT NULL,
	"terms" text NOT NULL,
	"status" text DEFAULT 'Accepted' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"event_snapshot" jsonb NOT NULL,
	"desired_category" text NOT NULL,
	"budget_min_minor" bigint NOT NULL,
	"budget_max_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"benefits" jsonb NOT NULL,
	"timeline" text,
	"decision_deadline" timestamp with time zone NOT NULL,
	"slots" integer DEFAULT 1 NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"parent_message_id" uuid,
	"author_side" text NOT NULL,
	"author_user_id" uuid,
	"body" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_reads" (
	"request_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"author_side" text NOT NULL,
	"author_user_id" uuid,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"category" text NOT NULL,
	"tier_keyword" text NOT NULL,
	"benefits" jsonb NOT NULL,
	"terms" text NOT NULL,
	"message" text,
	"diff" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_timeline" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" uuid,
	"actor_side" text,
	"from_status" text,
	"to_status" text,
	"revision" integer,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sponsorship_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"event_id" uuid,
	"opportunity_id" uuid,
	"initiator" text NOT NULL,
	"status" text DEFAULT 'Pending' NOT NULL,
	"current_revision" integer DEFAULT 1 NOT NULL,
	"current_author" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"deal_id" uuid,
	"created_by" uuid,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_request_id_sponsorship_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."sponsorship_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_messages" ADD CONSTRAINT "request_messages_request_id_sponsorship_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."sponsorship_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_messages" ADD CONSTRAINT "request_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_reads" ADD CONSTRAINT "request_reads_request_id_sponsorship_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."sponsorship_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_reads" ADD CONSTRAINT "request_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_revisions" ADD CONSTRAINT "request_revisions_request_id_sponsorship_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."sponsorship_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_revisions" ADD CONSTRAINT "request_revisions_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_timeline" ADD CONSTRAINT "request_timeline_request_id_sponsorship_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."sponsorship_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_timeline" ADD CONSTRAINT "request_timeline_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD CONSTRAINT "sponsorship_requests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD CONSTRAINT "sponsorship_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD CONSTRAINT "sponsorship_requests_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD CONSTRAINT "sponsorship_requests_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorship_requests" ADD CONSTRAINT "sponsorship_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deals_request_uq" ON "deals" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "deals_community_idx" ON "deals" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "deals_organization_idx" ON "deals" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "opportunities_status_deadline_idx" ON "opportunities" USING btree ("status","decision_deadline");--> statement-breakpoint
CREATE INDEX "opportunities_community_idx" ON "opportunities" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_messages_idempotency_uq" ON "request_messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "request_messages_request_idx" ON "request_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_reads_uq" ON "request_reads" USING btree ("request_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_revisions_number_uq" ON "request_revisions" USING btree ("request_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "request_timeline_seq_uq" ON "request_timeline" USING btree ("request_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "sponsorship_requests_open_uq" ON "sponsorship_requests" USING btree ("community_id","organization_id",coalesce("event_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "sponsorship_requests"."status" in ('Pending', 'Negotiation');--> statement-breakpoint
CREATE INDEX "sponsorship_requests_community_idx" ON "sponsorship_requests" USING btree ("community_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "sponsorship_requests_organization_idx" ON "sponsorship_requests" USING btree ("organization_id","last_activity_at");