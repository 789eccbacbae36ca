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

}  // namespace
}  // namespace km
