// The command line shared by tests/drizzle/migrate.mjs (drizzle-orm 0.x) and
// tests/drizzle-v1/migrate.mjs (drizzle-orm v1): each entry script imports pg and
// drizzle-orm from its own node_modules and passes them here. Options and output:
// see tests/drizzle/migrate.mjs.
import path from "node:path";
import { parseArgs } from "node:util";

// pg: the node-postgres module; db(client): a drizzle database on that client;
// migrate: drizzle-orm/node-postgres/migrator's migrate.
export async function runMigrateCli({ pg, db, migrate }) {
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
        await migrate(db(client), {
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
}
