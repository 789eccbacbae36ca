#!/usr/bin/env node
// Generate a Drizzle Kit v1 migrations folder with the REAL drizzle-kit v1 (`generate`), or convert a
// 0.x folder in place with the real `drizzle-kit up`.
//
//   node make-fixture.mjs --out /tmp/fx/v1 [--force] [--custom]
//   node make-fixture.mjs --up /tmp/fx/zero-x-folder
//
// generate: two migrations, from fixture-schema/step1.ts then fixture-schema/step2.ts:
//   <YYYYMMDDhhmmss>_create_authors/migration.sql   CREATE TABLE authors; CREATE INDEX
//   <YYYYMMDDhhmmss>_add_books/migration.sql        CREATE TYPE; CREATE TABLE books; ALTER TABLE; INDEX; FK
// each with its snapshot.json; --custom adds a third (`generate --custom`: a SQL comment only).
// The second step waits for the next wall-clock second: drizzle-kit v1 names folders after the
// second, and two in one second would share a timestamp.
// up: `drizzle-kit up --dialect postgresql --out DIR`, which turns meta/_journal.json + <tag>.sql into
// <FolderTimestamp(when)>_<name>/{migration.sql,snapshot.json} and removes meta/.
// Prints one JSON line: {"out":..,"tags":[..],"ms":..}; exit 0, or 1 on error.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

const { values: opt } = parseArgs({
  options: {
    out: { type: "string" },
    up: { type: "string" },
    force: { type: "boolean", default: false },
    custom: { type: "boolean", default: false },
  },
  strict: true,
});

function fail(msg) {
  console.error(`make-fixture: ${msg}`);
  process.exit(1);
}
if (!opt.out === !opt.up) fail("pass exactly one of --out DIR or --up DIR");

const kit = path.join(here, "node_modules/drizzle-kit/bin.cjs");
if (!fs.existsSync(kit)) fail(`${kit} missing: run tests/drizzle/install.sh ${here} first`);

const out = path.resolve(opt.out ?? opt.up);
const folders = () =>
  fs.readdirSync(out).filter((d) => fs.existsSync(path.join(out, d, "migration.sql"))).sort();

function kitRun(args) {
  // drizzle-kit prints progress with colours; keep it off our stdout.
  execFileSync(process.execPath, [kit, ...args], { cwd: here, stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, FORCE_COLOR: "0" } });
}

function generate(schemaFile, name, extra = []) {
  kitRun(["generate", "--dialect", "postgresql", "--schema", path.join("fixture-schema", schemaFile),
    "--out", out, "--name", name, ...extra]);
  if (!folders().some((d) => d.endsWith(`_${name}`))) throw new Error(`no migration folder for ${name}`);
}

function nextSecond() {
  const wait = 1000 - (Date.now() % 1000) + 5;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
}

const t0 = Date.now();
try {
  if (opt.up) {
    // drizzle-kit up reads `./${out}/...`: an absolute --out fails with ENOENT, so pass it relative.
    kitRun(["up", "--dialect", "postgresql", "--out", path.relative(here, out) || "."]);
    if (fs.existsSync(path.join(out, "meta/_journal.json"))) throw new Error("meta/_journal.json is still there");
  } else {
    if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
      if (!opt.force) fail(`${out} is not empty (use --force to replace it)`);
      fs.rmSync(out, { recursive: true, force: true });
    }
    fs.mkdirSync(out, { recursive: true });
    generate("step1.ts", "create_authors");
    nextSecond();
    generate("step2.ts", "add_books");
    if (opt.custom) {
      nextSecond();
      generate("step2.ts", "custom_sql", ["--custom"]);
    }
  }
} catch (e) {
  fail(`drizzle-kit failed: ${e.message}`);
}
console.log(JSON.stringify({ out, tags: folders(), ms: Date.now() - t0 }));
