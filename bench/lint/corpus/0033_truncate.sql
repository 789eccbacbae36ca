-- Custom SQL migration file, put your code below! --
TRUNCATE TABLE "memberships";
