#!/usr/bin/env node
// Write N synthetic migrations in Drizzle Kit's format (timestamp prefixes) for benchmarks.
//
//   node gen-migrations.mjs --out /tmp/bench1000 [--count 1000] [--rows 10] [--start 2026-01-01T00:00:00Z] [--force]
//
// Migration i (1-based, zero-padded to 4+ digits) is <YYYYMMDDHHMMSS>_bench_<i>.sql with 3 statements:
//   CREATE TABLE "bench_<i>" (...);  INSERT <rows> rows;  CREATE INDEX on it
// joined by "--> statement-breakpoint\n" with the same bytes drizzle-kit writes (CREATE TABLE ends with
// ");\n", other statements with ";", no trailing newline). meta/_journal.json gets one entry per file,
// `when` = start + i-1 seconds (ms), and the tag's prefix is that instant in UTC, as drizzle-kit's
// "timestamp" mode does. No snapshots: drizzle's migrator does not read them.
// Output is deterministic for the same options. Prints one JSON line.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    out: { type: "string" },
    count: { type: "string", default: "1000" },
    rows: { type: "string", default: "10" },
    start: { type: "string", default: "2026-01-01T00:00:00Z" },
    force: { type: "boolean", default: false },
  },
  strict: true,
});
const count = Number(opt.count), rows = Number(opt.rows), start = Date.parse(opt.start);
if (!opt.out || !(count >= 1) || !(rows >= 0) || Number.isNaN(start)) {
  console.error("usage: gen-migrations.mjs --out DIR [--count N] [--rows R] [--start ISO-8601] [--force]");
  process.exit(1);
}
const out = path.resolve(opt.out);
if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
  if (!opt.force) { console.error(`gen-migrations: ${out} is not empty (use --force)`); process.exit(1); }
  fs.rmSync(out, { recursive: true, force: true });
}
fs.mkdirSync(path.join(out, "meta"), { recursive: true });

const width = Math.max(4, String(count).length);
// drizzle-kit: new Date().toISOString() without "T", "-", ":" -> first 14 chars.
const prefix = (ms) => new Date(ms).toISOString().replace("T", "").replace(/[-:]/g, "").slice(0, 14);

const entries = [];
for (let i = 1; i <= count; i++) {
  const n = String(i).padStart(width, "0");
  const t = `bench_${n}`;
  const when = start + (i - 1) * 1000;
  const tag = `${prefix(when)}_${t}`;
  const statements = [
    `CREATE TABLE "${t}" (\n\t"id" integer PRIMARY KEY NOT NULL,\n\t"label" text NOT NULL,\n\t"created_at" timestamp with time zone DEFAULT now() NOT NULL\n);\n`,
    `INSERT INTO "${t}" ("id", "label") SELECT g, 'row ' || g FROM generate_series(1, ${rows}) AS g;`,
    `CREATE INDEX "${t}_label_idx" ON "${t}" USING btree ("label");`,
  ];
  fs.writeFileSync(path.join(out, `${tag}.sql`), statements.join("--> statement-breakpoint\n"));
  entries.push({ idx: i - 1, version: "7", when, tag, breakpoints: true });
}
fs.writeFileSync(path.join(out, "meta/_journal.json"),
  JSON.stringify({ version: "7", dialect: "postgresql", entries }, null, 2));
console.log(JSON.stringify({ out, count, rows, first: entries[0].tag, last: entries.at(-1).tag }));
