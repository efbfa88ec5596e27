CREATE TABLE "deal_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"deal_id" uuid NOT NULL,
	"reviewer_side" text NOT NULL,
	"reviewer_user_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"comment" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deal_reviews_rating_range" CHECK ("deal_reviews"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "reputation_snapshots" (
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"confidence" double precision NOT NULL,
	"signals" jsonb NOT NULL,
	"formula_version" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reputation_snapshots_subject_type_subject_id_pk" PRIMARY KEY("subject_type","subject_id")
);
--> statement-breakpoint
ALTER TABLE "deal_reviews" ADD CONSTRAINT "deal_reviews_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_reviews" ADD CONSTRAINT "deal_reviews_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deal_reviews_deal_side_uq" ON "deal_reviews" USING btree ("deal_id","reviewer_side");--> statement-breakpoint
CREATE INDEX "deal_reviews_subject_idx" ON "deal_reviews" USING btree ("subject_type","subject_id");