ALTER TYPE "public"."mood" ADD VALUE 'sad';--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "mood" SET DEFAULT 'sad';