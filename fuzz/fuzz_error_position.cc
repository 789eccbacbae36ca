// PostgreSQL's error position (a character count from the server) mapped to a
// line and column of a migration file: the position is attacker-influenced too.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "migrations/error_position.h"

namespace mig = km::migrations;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // [4 bytes position][1 byte statement index][2 bytes chunk offset][file]
  if (size < 7) return 0;
  int32_t position;
  std::memcpy(&position, data, sizeof position);
  size_t statement = data[4];
  size_t chunk_offset = static_cast<size_t>(data[5]) | static_cast<size_t>(data[6]) << 8;
  std::string file(reinterpret_cast<const char*>(data + 7), size - 7);

  if (auto at = mig::ErrorPositionInFile(file, chunk_offset, position)) {
    km::fuzz::Check(at->offset <= file.size(), "a position beyond the file");
    km::fuzz::Check(at->line >= 1 && at->column >= 1, "line and column are 1-based");
  }

  mig::JournalEntry entry;
  entry.tag = "0000_fuzz";
  auto migration = mig::MakeMigration(entry, "0000_fuzz.sql", file);
  if (!migration) return 0;
  if (auto at = mig::ErrorPositionInFile(*migration, statement, position)) {
    km::fuzz::Check(at->offset <= migration->sql.size(), "a position beyond the file");
    km::fuzz::Check(at->offset >= migration->statement_offsets[statement],
                    "a position before its statement");
  }
  return 0;
}
