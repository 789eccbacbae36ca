-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ALTER COLUMN "token" SET NOT NULL;
