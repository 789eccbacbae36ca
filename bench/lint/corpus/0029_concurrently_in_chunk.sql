-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ADD COLUMN "motto" text;
CREATE INDEX CONCURRENTLY "users_motto_idx" ON "users" USING btree ("motto");
