-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" VALIDATE CONSTRAINT "users_token_not_null";
