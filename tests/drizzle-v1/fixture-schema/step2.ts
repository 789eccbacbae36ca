// Fixture schema, step 2 (migration "add_books"): an enum, a new table with a foreign key
// and an index, and a column added to an existing table.
import { pgTable, pgEnum, serial, integer, text, timestamp, index } from "drizzle-orm/pg-core";

export const bookFormat = pgEnum("book_format", ["paper", "ebook", "audio"]);

export const authors = pgTable(
  "authors",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    bio: text("bio"),
  },
  (t) => [index("authors_name_idx").on(t.name)],
);

export const books = pgTable(
  "books",
  {
    id: serial("id").primaryKey(),
    authorId: integer("author_id").notNull().references(() => authors.id),
    title: text("title").notNull(),
    format: bookFormat("format").notNull().default("paper"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("books_author_id_idx").on(t.authorId)],
);
