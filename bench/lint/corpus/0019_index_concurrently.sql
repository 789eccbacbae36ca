-- Custom SQL migration file, put your code below! --
CREATE INDEX CONCURRENTLY "users_handle_idx" ON "users" USING btree ("handle");
