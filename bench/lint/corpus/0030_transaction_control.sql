-- Custom SQL migration file, put your code below! --
BEGIN;
ALTER TABLE "users" ADD COLUMN "nick" text;
COMMIT;
