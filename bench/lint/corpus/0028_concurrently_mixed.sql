-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ADD COLUMN "bio" text;--> statement-breakpoint
CREATE INDEX CONCURRENTLY "users_bio_idx" ON "users" USING btree ("bio");
