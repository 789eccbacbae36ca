// Watch stream framing: the same bytes cut at arbitrary chunk boundaries must
// give the same objects as when they arrive in one piece.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "kube/json.h"
#include "kube/watch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // [1 byte chunk-length seed][stream]
  if (size < 1) return 0;
  unsigned seed = data[0];
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<std::string> whole;
  km::kube::WatchDecoder one;
  one.Feed(stream, whole);

  std::vector<std::string> pieces;
  km::kube::WatchDecoder many;
  for (size_t at = 0, i = 0; at < stream.size(); ++i) {
    size_t length = 1 + (seed * 31 + i * 17) % 23;  // 1..23 bytes, varying
    many.Feed(stream.substr(at, length), pieces);
    at += length;
  }
  km::fuzz::Check(whole == pieces, "chunk boundaries changed the decoded objects");
  km::fuzz::Check(one.pending() == many.pending(), "chunk boundaries changed what is pending");
  // What the watch does next with each object.
  for (const std::string& object : whole) (void)km::kube::ParseJson(object, "watch event");
  return 0;
}
