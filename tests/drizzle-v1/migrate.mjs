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
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";

const { values: opt } = parseArgs({
  options: {
    url: { type: "string", default: process.env.DATABASE_URL },
    dir: { type: "string", default: process.env.MIGRATIONS_DIR ?? "./drizzle" },
    table: { type: "string", default: process.env.MIGRATIONS_TABLE ?? "__drizzle_migrations" },
    schema: { type: "string", default: process.env.MIGRATIONS_SCHEMA ?? "drizzle" },
  },
  strict: true,
});

const dir = path.resolve(opt.dir);
const ident = (s) => `"${s.replaceAll('"', '""')}"`;
const table = `${ident(opt.schema)}.${ident(opt.table)}`;
const out = { ok: false, applied: 0, total: 0, ms: 0, table, dir };

async function countRows(client) {
  const r = await client.query(
    "SELECT to_regclass($1) IS NOT NULL AS present", [table]);
  if (!r.rows[0].present) return 0;
  return Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

async function main() {
  if (!opt.url) throw new Error("DATABASE_URL (or --url) is required");
  const client = new pg.Client({ connectionString: opt.url });
  await client.connect();
  try {
    const before = await countRows(client);
    const t0 = process.hrtime.bigint();
    try {
      // v1: drizzle({ client }) (the 0.x drizzle(client) form is gone).
      await migrate(drizzle({ client }), {
        migrationsFolder: dir,
        migrationsTable: opt.table,
        migrationsSchema: opt.schema,
      });
    } finally {
      out.ms = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    out.total = await countRows(client);
    out.applied = out.total - before;
    out.ok = true;
  } finally {
    await client.end().catch(() => {});
  }
}

try {
  await main();
} catch (e) {
  // drizzle wraps driver errors (DrizzleQueryError); the PostgreSQL error is in e.cause.
  const cause = e?.cause ?? e;
  out.error = String(cause?.message ?? e).split("\n")[0];
  if (cause?.code) out.code = cause.code;
}
out.ms = Math.round(out.ms * 10) / 10;
console.log(JSON.stringify(out));
process.exitCode = out.ok ? 0 : 1;
