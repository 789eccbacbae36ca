-- Custom SQL migration file, put your code below! --
ALTER TABLE "users" ADD CONSTRAINT "users_handle_unique" UNIQUE USING INDEX "users_handle_unique_idx";
