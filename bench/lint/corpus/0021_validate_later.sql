-- Custom SQL migration file, put your code below! --
ALTER TABLE "memberships" VALIDATE CONSTRAINT "memberships_org_id_fk_nv";
