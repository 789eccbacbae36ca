#!/usr/bin/env node
// The application during a migration: runs a short query on its own connection every
// 20 ms for --seconds and prints one JSON line: the slowest query and how many ran.
//
//   node probe.mjs --url URL --seconds 14 [--sql "SELECT count(*) FROM users"]
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// node-postgres from the drizzle test install (tests/drizzle/install.sh).
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/drizzle/package.json"));
const pg = require("pg");

const { values: opt } = parseArgs({
  options: {
    url: { type: "string" },
    seconds: { type: "string", default: "14" },
    sql: { type: "string", default: "SELECT count(*) FROM users" },
  },
});
const client = new pg.Client({ connectionString: opt.url, application_name: "app-probe" });
await client.connect();
const end = performance.now() + Number(opt.seconds) * 1000;
let worst = 0, queries = 0, worstAt = 0;
const start = performance.now();
while (performance.now() < end) {
  const t = performance.now();
  await client.query(opt.sql);
  const ms = performance.now() - t;
  if (ms > worst) { worst = ms; worstAt = t - start; }
  queries++;
  await new Promise((r) => setTimeout(r, 20));
}
await client.end();
console.log(JSON.stringify({ worst_ms: Math.round(worst), worst_at_ms: Math.round(worstAt), queries }));
