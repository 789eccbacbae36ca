#!/usr/bin/env node
// Generate a Drizzle Kit migrations folder with the REAL `drizzle-kit generate`, for one prefix mode.
//
//   node make-fixture.mjs --prefix timestamp --out /tmp/fx/timestamp [--force] [--no-breakpoints] [--custom]
//
// Two migrations, from fixture-schema/step1.ts then fixture-schema/step2.ts:
//   <prefix>_create_authors.sql   CREATE TABLE authors; CREATE INDEX
//   <prefix>_add_books.sql        CREATE TYPE; CREATE TABLE books; ALTER TABLE authors ADD COLUMN; FK; CREATE INDEX
// --custom adds a third, `drizzle-kit generate --custom` (a file holding only a SQL comment).
// --no-breakpoints passes --breakpoints=false (statements joined by "\n", journal breakpoints:false).
// --out must not exist or be empty; --force deletes it first.
// For timestamp/supabase/unix the second step waits for the next wall-clock second, so that the
// two migrations get different prefixes and snapshot files, as they would for a person.
// Prints one JSON line: {"prefix":..,"out":..,"tags":[..],"ms":..}; exit 0, or 1 on error.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const MODES = ["index", "timestamp", "unix", "none", "supabase"];

const { values: opt } = parseArgs({
  options: {
    prefix: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean", default: false },
    "no-breakpoints": { type: "boolean", default: false },
    custom: { type: "boolean", default: false },
  },
  strict: true,
});

function fail(msg) {
  console.error(`make-fixture: ${msg}`);
  process.exit(1);
}
if (!MODES.includes(opt.prefix)) fail(`--prefix must be one of ${MODES.join(", ")}`);
if (!opt.out) fail("--out DIR is required");

const out = path.resolve(opt.out);
if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
  if (!opt.force) fail(`${out} is not empty (use --force to replace it)`);
  fs.rmSync(out, { recursive: true, force: true });
}
fs.mkdirSync(out, { recursive: true });

const kit = path.join(here, "node_modules/drizzle-kit/bin.cjs");
if (!fs.existsSync(kit)) fail(`${kit} missing: run ${path.join(here, "install.sh")} first`);

const journalPath = path.join(out, "meta/_journal.json");
const entries = () =>
  fs.existsSync(journalPath) ? JSON.parse(fs.readFileSync(journalPath, "utf8")).entries : [];

function generate(schemaFile, name, extra = []) {
  // --out is passed relative to the working directory: drizzle-kit 0.31.11 reads previous
  // snapshots as `./${out}/meta/...`, which breaks for an absolute --out (ENOENT, yet exit 0).
  const args = [kit, "generate", "--dialect", "postgresql",
    "--schema", path.join("fixture-schema", schemaFile),
    "--out", path.relative(here, out) || ".", "--prefix", opt.prefix, "--name", name, ...extra];
  if (opt["no-breakpoints"]) args.push("--breakpoints=false");
  // drizzle-kit prints progress with colours; keep it off our stdout.
  execFileSync(process.execPath, args, { cwd: here, stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, FORCE_COLOR: "0" } });
  // drizzle-kit can print an error and still exit 0: check that the journal grew.
  if (!entries().some((e) => e.tag.endsWith(`_${name}`))) throw new Error(`no journal entry for ${name}`);
}

function nextSecond() {
  if (!["timestamp", "supabase", "unix"].includes(opt.prefix)) return;
  const wait = 1000 - (Date.now() % 1000) + 5;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
}

const t0 = Date.now();
try {
  generate("step1.ts", "create_authors");
  nextSecond();
  generate("step2.ts", "add_books");
  if (opt.custom) {
    nextSecond();
    generate("step2.ts", "custom_sql", ["--custom"]);
  }
} catch (e) {
  fail(`drizzle-kit generate failed: ${e.message}`);
}
console.log(JSON.stringify({ prefix: opt.prefix, out, tags: entries().map((e) => e.tag), ms: Date.now() - t0 }));
