-- Custom SQL migration file, put your code below! --
CREATE UNIQUE INDEX CONCURRENTLY "users_handle_unique_idx" ON "users" USING btree ("handle");
