// Migration SQL from a pull request: statement splitting, top-level statements,
// keywords, no-transaction detection and the whole MakeMigration on top of them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "migrations/migration_set.h"
#include "migrations/sql_text.h"

namespace mig = km::migrations;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);

  for (const mig::Chunk& chunk : mig::SplitChunks(sql)) {
    // Offsets point at the chunk's text in the file.
    km::fuzz::Check(chunk.offset <= sql.size() && sql.substr(chunk.offset, chunk.text.size()) ==
                                                      chunk.text,
                    "a chunk's offset does not point at its text");
    for (std::string_view statement : mig::TopLevelStatements(chunk.text)) {
      // Views into the chunk, not copies.
      km::fuzz::Check(statement.data() >= chunk.text.data() &&
                          statement.data() + statement.size() <=
                              chunk.text.data() + chunk.text.size(),
                      "a statement view outside its chunk");
      (void)mig::LeadingKeywords(statement, 6);
      (void)mig::NoTransactionReason(statement);
    }
    (void)mig::ChunkNoTransactionReason(chunk.text);
  }
  (void)mig::HasNoTransactionDirective(sql);

  mig::JournalEntry entry;
  entry.tag = "0000_fuzz";
  auto migration = mig::MakeMigration(entry, "0000_fuzz.sql", std::string(sql));
  if (migration) {
    km::fuzz::Check(migration->statements.size() == migration->statement_offsets.size(),
                    "statements and offsets differ in number");
    km::fuzz::Check(migration->hash.size() == 64, "a hash that is not SHA-256 hex");
    for (size_t i = 0; i < migration->statements.size(); ++i) {
      const std::string& text = migration->statements[i];
      km::fuzz::Check(migration->sql.compare(migration->statement_offsets[i], text.size(), text) == 0,
                      "a statement offset does not point at the statement in the file");
    }
  }
  return 0;
}
