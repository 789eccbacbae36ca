#include "migrations/error_position.h"

namespace km::migrations {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The offset of the character after the one starting at `offset`.
size_t NextCharacter(std::string_view text, size_t offset) {
  ++offset;
  while (offset < text.size() && IsContinuationByte(text[offset])) ++offset;
  return offset;
}

size_t CountCharacters(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += !IsContinuationByte(c);
  return count;
}

}  // namespace

std::optional<FilePosition> ErrorPositionInFile(std::string_view file, size_t chunk_offset,
                                                int position) {
  if (position <= 0 || chunk_offset > file.size()) return std::nullopt;
  size_t offset = chunk_offset;
  for (int character = 1; character < position; ++character) {
    if (offset >= file.size()) return std::nullopt;
    offset = NextCharacter(file, offset);
  }
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (file[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return FilePosition{line, CountCharacters(file.substr(line_start, offset - line_start)) + 1, offset};
}

std::optional<FilePosition> ErrorPositionInFile(const Migration& m, size_t statement, int position) {
  if (statement >= m.statements.size() || statement >= m.statement_offsets.size()) return std::nullopt;
  if (position <= 0 || static_cast<size_t>(position) > CountCharacters(m.statements[statement]) + 1) {
    return std::nullopt;
  }
  return ErrorPositionInFile(m.sql, m.statement_offsets[statement], position);
}

}  // namespace km::migrations
