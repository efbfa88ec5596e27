CREATE TABLE "fulfillment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deal_id" uuid NOT NULL,
	"item_id" uuid,
	"idempotency_key" text NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" uuid,
	"actor_side" text,
	"from_status" text,
	"to_status" text,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillment_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"benefit_key" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"owner_user_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'Planned' NOT NULL,
	"proof" jsonb,
	"dispute_reason" text,
	"waived_by" text[] DEFAULT '{}' NOT NULL,
	"delivered_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"missed_at" timestamp with time zone,
	"waived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fulfillments" (
	"deal_id" uuid PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"alarm_checked_at" timestamp with time zone,
	"alarm_percent" integer,
	"report_produced_at" timestamp with time zone,
	"report" jsonb,
	"report_pdf_key" text,
	"report_pdf_sha256" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fulfillment_events" ADD CONSTRAINT "fulfillment_events_deal_id_fulfillments_deal_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."fulfillments"("deal_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_events" ADD CONSTRAINT "fulfillment_events_item_id_fulfillment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."fulfillment_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_events" ADD CONSTRAINT "fulfillment_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_deal_id_fulfillments_deal_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."fulfillments"("deal_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillment_items" ADD CONSTRAINT "fulfillment_items_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfillments" ADD CONSTRAINT "fulfillments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fulfillment_events_idempotency_uq" ON "fulfillment_events" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "fulfillment_events_deal_idx" ON "fulfillment_events" USING btree ("deal_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "fulfillment_items_position_uq" ON "fulfillment_items" USING btree ("deal_id","position");--> statement-breakpoint
CREATE INDEX "fulfillment_items_owner_idx" ON "fulfillment_items" USING btree ("owner_user_id","due_at");