ALTER TABLE "payment_ops_tasks" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_ops_tasks" ADD CONSTRAINT "payment_ops_tasks_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;