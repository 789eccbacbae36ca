-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ADD COLUMN "status" text DEFALT 'active';
