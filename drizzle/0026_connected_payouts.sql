CREATE TABLE "connected_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stripe_payout_id" text NOT NULL,
	"payout_account_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"arrival_date" timestamp with time zone,
	"failure_code" text,
	"failure_message" text,
	"stripe_created_at" timestamp with time zone NOT NULL,
	"event_created_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ALTER COLUMN "payment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ADD COLUMN "payout_id" uuid;--> statement-breakpoint
ALTER TABLE "connected_payouts" ADD CONSTRAINT "connected_payouts_payout_account_id_payout_accounts_id_fk" FOREIGN KEY ("payout_account_id") REFERENCES "public"."payout_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connected_payouts" ADD CONSTRAINT "connected_payouts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "connected_payouts_stripe_payout_uq" ON "connected_payouts" USING btree ("stripe_payout_id");--> statement-breakpoint
CREATE INDEX "connected_payouts_community_idx" ON "connected_payouts" USING btree ("community_id","stripe_created_at");--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ADD CONSTRAINT "payment_ops_tasks_payout_id_connected_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."connected_payouts"("id") ON DELETE restrict ON UPDATE no action;