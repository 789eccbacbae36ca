-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ADD CONSTRAINT "users_token_not_null" CHECK ("token" IS NOT NULL) NOT VALID;
