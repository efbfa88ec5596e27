ALTER TABLE "organization_verifications" ADD COLUMN "proposed_profile" jsonb;--> statement-breakpoint
ALTER TABLE "organization_verifications" ADD COLUMN "proposed_contacts_ciphertext" text;--> statement-breakpoint
ALTER TABLE "organization_verifications" ADD COLUMN "confirmation_token_hash" text;--> statement-breakpoint
ALTER TABLE "organization_verifications" ADD COLUMN "confirmation_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organization_verifications" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "organization_verifications_confirmation_uq" ON "organization_verifications" USING btree ("confirmation_token_hash");