#include "util/utf8.h"

#include <gtest/gtest.h>

#include "util/sha256.h"

namespace km {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// Expected values come from Node.js: Buffer.from(bytes).toString() re-encoded.
TEST(NormalizeUtf8LikeNode, MatchesNodeOnInvalidSequences) {
  EXPECT_EQ(Hex(NormalizeUtf8LikeNode("a\xE0\x80" "b")), "61efbfbdefbfbd62");
  EXPECT_EQ(Hex(NormalizeUtf8LikeNode("\xF0\x9F\x98")), "efbfbd");
  EXPECT_EQ(Hex(NormalizeUtf8LikeNode("\xED\xA0\x80" "A")), "efbfbdefbfbdefbfbd41");
  EXPECT_EQ(Hex(NormalizeUtf8LikeNode("\xC0\xAF\xFF\xF4\x90\x80\x80")),
            "efbfbdefbfbdefbfbdefbfbdefbfbdefbfbdefbfbd");
}

TEST(NormalizeUtf8LikeNode, KeepsValidTextIncludingBomAndFourByteCharacters) {
  std::string text = "\xEF\xBB\xBFSELECT 'caf\xC3\xA9 \xF0\x9F\x98\x80';\r\n";
  EXPECT_EQ(NormalizeUtf8LikeNode(text), text);
}

TEST(NormalizeUtf8LikeNode, GivesDrizzlesHashForALatin1File) {
  // drizzle-orm 0.45.4 stores 4db9dc57… for this file; sha256sum says 0521d80d….
  EXPECT_EQ(Sha256Hex(NormalizeUtf8LikeNode("SELECT 1; -- caf\xE9")),
            "4db9dc5718f6177fa2cab0ce33e6de57b654cd1d4c5f4c1e80ca8e8dc36cb185");
}

TEST(Utf8SequenceLength, MeasuresEachWellFormedSequence) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength("x\xC3\xA9", 1), 2u);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x80\xA6", 0), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80", 0), 4u);
  EXPECT_EQ(Utf8SequenceLength("\xC3", 0), 0u);              // cut short
  EXPECT_EQ(Utf8SequenceLength("\x85", 0), 0u);              // a continuation byte
  EXPECT_EQ(Utf8SequenceLength("\xC0\x80", 0), 0u);          // overlong
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", 0), 0u);      // a surrogate
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", 0), 0u);  // past U+10FFFF
}

// Walking a text by Utf8SequenceLength accepts exactly what NormalizeUtf8LikeNode keeps.
TEST(Utf8SequenceLength, AgreesWithNormalizeUtf8LikeNodeOnWhatIsUtf8) {
  const auto walks = [](std::string_view text) {
    for (size_t at = 0; at < text.size();) {
      size_t length = Utf8SequenceLength(text, at);
      if (length == 0) return false;
      at += length;
    }
    return true;
  };
  for (std::string_view text :
       {"plain", "\xC3\xA9t\xC3\xA9",
        "\xEF\xBB\xBF"
        "bom",
        "\xF4\x8F\xBF\xBF", "\xE0\x9F\x80", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xED\xA0\x80",
        "\xF0\x8F\xBF\xBF", "\xF0\x90\x80\x80", "\xC1\xBF", "\xC2\x80", "a\xE2\x80", "\xFF",
        "\xF5\x80\x80\x80", "\xC3\xA9\x85"}) {
    EXPECT_EQ(walks(text), NormalizeUtf8LikeNode(text) == text) << Hex(std::string(text));
  }
}

}  // namespace
}  // namespace km
