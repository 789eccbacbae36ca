-- Custom SQL migration file, put your code below! --
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_fk_nv" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action NOT VALID;
