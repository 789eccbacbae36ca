-- Custom SQL migration file, put your code below! --
ALTER TABLE "orgs" RENAME TO "organizations";
