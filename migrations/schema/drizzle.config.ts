import { defineConfig } from "drizzle-kit";

// Migrations are written to the parent folder (migrations/), so that
// `kubectl-migrate --dir migrations` finds meta/_journal.json directly in it.
export default defineConfig({
  dialect: "postgresql",
  schema: "./schema.ts",
  out: "..",
  migrations: {
    prefix: "timestamp",
    // drizzle-orm's defaults, spelled out: kubectl-migrate and the app must use the same table.
    table: "__drizzle_migrations",
    schema: "drizzle",
  },
});
