// Fixture schema, step 1 (migration "create_authors"): one table, a unique constraint, an index.
import { pgTable, serial, text, index } from "drizzle-orm/pg-core";

export const authors = pgTable(
  "authors",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
  },
  (t) => [index("authors_name_idx").on(t.name)],
);
