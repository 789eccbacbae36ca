-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ADD CONSTRAINT "users_age_small" CHECK ("users"."age" < 200) NOT VALID;--> statement-breakpoint
ALTER TABLE "users" VALIDATE CONSTRAINT "users_age_small";
