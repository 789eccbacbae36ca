#!/usr/bin/env node
// Writes bench/lint/corpus/: a Drizzle Kit folder made by the REAL `drizzle-kit generate`
// (tests/drizzle's pinned 0.31.11), one migration per case: each rule's dangerous statement
// and its safe twin. Steps 01-15 are schema changes drizzle-kit writes itself; the rest are
// `drizzle-kit generate --custom` files holding what drizzle-kit cannot write (CONCURRENTLY,
// NOT VALID, renames without its interactive prompt, TRUNCATE, a typo), in its quoting style.
//
//   tests/drizzle/install.sh && node bench/lint/make-corpus.mjs
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const modules = path.join(repo, "tests/drizzle/node_modules");
if (!fs.existsSync(path.join(modules, "drizzle-kit"))) {
  console.error("make-corpus: run tests/drizzle/install.sh first");
  process.exit(1);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "km-lint-corpus-"));
fs.symlinkSync(modules, path.join(work, "node_modules"));
fs.writeFileSync(path.join(work, "package.json"), '{"type":"module"}\n');

// The schema after each generated step: later steps switch more options on.
function schema(o) {
  const users = [
    `id: uuid("id").primaryKey().defaultRandom()`,
    `email: ${o.emailText ? `text("email")` : `varchar("email", { length: 100 })`}.notNull()`,
    o.dropName ? null : `name: text("name")${o.nameNotNull ? ".notNull()" : ""}`,
    `age: ${o.ageBigint ? `bigint("age", { mode: "number" })` : `integer("age")`}`,
    `createdAt: timestamp("created_at").defaultNow().notNull()`,
    o.orgId ? `orgId: uuid("org_id").references(() => orgs.id)` : null,
    o.token ? `token: uuid("token").defaultRandom()` : null,
    o.active ? `active: boolean("active").default(true).notNull()` : null,
    o.handle ? `handle: text("handle").notNull()` : null,
    o.mood ? `mood: mood("mood").default("${o.moodDefault ?? "ok"}")` : null,
  ].filter(Boolean);
  const usersExtra = [
    o.emailIndex ? `index("users_email_idx").on(t.email)` : null,
    o.ageCheck ? 'check("users_age_check", sql`${t.age} > 0`)' : null,
  ].filter(Boolean);
  return `import { sql } from "drizzle-orm";
import { pgTable, pgEnum, uuid, varchar, text, integer, bigint, boolean, timestamp, serial, index, check }
  from "drizzle-orm/pg-core";

export const mood = pgEnum("mood", [${(o.moodValues ?? ["ok", "meh"]).map((v) => `"${v}"`).join(", ")}]);

export const orgs = pgTable("orgs", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull()${o.orgNameUnique ? ".unique()" : ""},
});

export const users = pgTable("users", {
  ${users.join(",\n  ")},
}, (t) => [${usersExtra.join(", ")}]);
${o.dropLegacy ? "" : `
export const legacyAudit = pgTable("legacy_audit", {
  id: serial("id").primaryKey(),
  note: text("note"),
});
`}${o.memberships ? `
export const memberships = pgTable("memberships", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull().references(() => users.id),
  orgId: uuid("org_id").notNull().references(() => orgs.id),
}, (t) => [index("memberships_user_id_idx").on(t.userId)]);
` : ""}${o.invites ? `
export const invites = pgTable("invites", {
  id: uuid("id").primaryKey().defaultRandom(),
  orgId: uuid("org_id")${o.invitesIndexFk ? ".references(() => orgs.id)" : ""},
  email: text("email").notNull(),
}, (t) => [${o.invitesIndexFk ? `index("invites_email_idx").on(t.email)` : ""}]);
` : ""}`;
}

// [name, options added by this step]; options accumulate.
const generated = [
  ["base", {}],
  ["index_existing", { emailIndex: true }],
  ["new_table_fk_index", { memberships: true }],
  ["fk_existing", { orgId: true }],
  ["set_not_null", { nameNotNull: true }],
  ["type_rewrite", { ageBigint: true }],
  ["type_widen", { emailText: true }],
  ["volatile_default", { token: true }],
  ["constant_default", { active: true }],
  ["not_null_no_default", { handle: true }],
  ["unique_existing", { orgNameUnique: true }],
  ["check_existing", { ageCheck: true }],
  ["drop_index", { emailIndex: false }],
  ["drop_column", { dropName: true }],
  ["drop_table", { dropLegacy: true }],
  ["new_table", { invites: true }],
  ["index_fk_on_pending_table", { invitesIndexFk: true }],
  ["enum_column", { mood: true }],
  ["enum_value_same_tx", { moodValues: ["ok", "meh", "sad"], moodDefault: "sad" }],
];

const custom = [
  ["index_concurrently", 'CREATE INDEX CONCURRENTLY "users_handle_idx" ON "users" USING btree ("handle");'],
  ["fk_not_valid", 'ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_fk_nv" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action NOT VALID;'],
  ["validate_later", 'ALTER TABLE "memberships" VALIDATE CONSTRAINT "memberships_org_id_fk_nv";'],
  ["validate_same_tx", 'ALTER TABLE "users" ADD CONSTRAINT "users_age_small" CHECK ("users"."age" < 200) NOT VALID;--> statement-breakpoint\nALTER TABLE "users" VALIDATE CONSTRAINT "users_age_small";'],
  ["not_null_check", 'ALTER TABLE "users" ADD CONSTRAINT "users_token_not_null" CHECK ("token" IS NOT NULL) NOT VALID;'],
  ["not_null_check_validate", 'ALTER TABLE "users" VALIDATE CONSTRAINT "users_token_not_null";'],
  ["not_null_after_check", 'ALTER TABLE "users" ALTER COLUMN "token" SET NOT NULL;'],
  ["unique_index_concurrently", 'CREATE UNIQUE INDEX CONCURRENTLY "users_handle_unique_idx" ON "users" USING btree ("handle");'],
  ["unique_using_index", 'ALTER TABLE "users" ADD CONSTRAINT "users_handle_unique" UNIQUE USING INDEX "users_handle_unique_idx";'],
  ["concurrently_mixed", 'ALTER TABLE "users" ADD COLUMN "bio" text;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "users_bio_idx" ON "users" USING btree ("bio");'],
  ["transaction_control", 'BEGIN;\nALTER TABLE "users" ADD COLUMN "nick" text;\nCOMMIT;'],
  ["rename_column", 'ALTER TABLE "users" RENAME COLUMN "handle" TO "username";'],
  ["rename_table", 'ALTER TABLE "orgs" RENAME TO "organizations";'],
  ["truncate", 'TRUNCATE TABLE "memberships";'],
  ["parse_error", 'ALTER TABLE "users" ADD COLUMN "status" text DEFALT \'active\';'],
];

const kit = path.join(modules, "drizzle-kit/bin.cjs");
function kitGenerate(name, extra) {
  execFileSync(process.execPath, [kit, "generate", "--dialect", "postgresql", "--schema",
    "schema.ts", "--out", "drizzle", "--name", name, ...extra],
    { cwd: work, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, FORCE_COLOR: "0" } });
}
const journal = () => JSON.parse(fs.readFileSync(path.join(work, "drizzle/meta/_journal.json"), "utf8"));

let options = {};
for (const [name, add] of generated) {
  options = { ...options, ...add };
  fs.writeFileSync(path.join(work, "schema.ts"), schema(options));
  kitGenerate(name, []);
}
for (const [name, sql] of custom) {
  kitGenerate(name, ["--custom"]);
  const tag = journal().entries.at(-1).tag;
  const file = path.join(work, "drizzle", `${tag}.sql`);
  fs.writeFileSync(file, fs.readFileSync(file, "utf8").trimEnd() + "\n" + sql + "\n");
}
const out = path.join(here, "corpus");
fs.rmSync(out, { recursive: true, force: true });
fs.cpSync(path.join(work, "drizzle"), out, { recursive: true });
// Only the journal and the SQL are linted; drizzle-kit's snapshots would be 8,000 lines of noise.
for (const f of fs.readdirSync(path.join(out, "meta"))) {
  if (f.endsWith("_snapshot.json")) fs.rmSync(path.join(out, "meta", f));
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`make-corpus: ${fs.readdirSync(out).filter((f) => f.endsWith(".sql")).length} migrations in ${out}`);
