#!/usr/bin/env node
// Apply a Drizzle Kit v1 migrations folder with drizzle-orm v1's own PostgreSQL migrator
// (drizzle-orm/node-postgres/migrator), exactly as an app using drizzle would.
//
//   DATABASE_URL=postgres://... node migrate.mjs --dir ../../migrations [--table T] [--schema S]
//
// Options (each also readable from the environment):
//   --url URL        DATABASE_URL       connection string (required)
//   --dir DIR        MIGRATIONS_DIR     folder of <YYYYMMDDhhmmss>_<name>/migration.sql (default: ./drizzle)
//   --table NAME     MIGRATIONS_TABLE   history table (drizzle default: __drizzle_migrations)
//   --schema NAME    MIGRATIONS_SCHEMA  schema of the history table (drizzle default: drizzle)
//
// Prints exactly one JSON line on stdout and exits 0 on success, 1 on failure:
//   {"ok":true,"applied":3,"total":3,"ms":41.2,"table":"\"drizzle\".\"__drizzle_migrations\"","dir":"..."}
//   {"ok":false,"error":"...","code":"42P07","ms":12.3,...}
// "applied" = history rows added by this run, "total" = history rows afterwards,
// "ms" = wall time of migrate() alone (connection set-up and the row counts are not included).
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { runMigrateCli } from "../drizzle/migrate-cli.mjs";

// v1: drizzle({ client }) (the 0.x drizzle(client) form is gone).
await runMigrateCli({ pg, migrate, db: (client) => drizzle({ client }) });
