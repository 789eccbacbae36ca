CREATE TYPE "public"."mood" AS ENUM('ok', 'meh');--> statement-breakpoint
CREATE TABLE "legacy_audit" (
	"id" serial PRIMARY KEY NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" varchar(100) NOT NULL,
	"name" text,
	"age" integer,
	"created_at" timestamp DEFAULT now() NOT NULL
);
