// Error bodies from the API server (a Status object or anything else a proxy in
// between sends), and Status objects arriving inside a watch stream.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"
#include "kube/api_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  km::kube::ApiError error = km::kube::ApiErrorFromResponse(503, body);
  km::fuzz::Check(!error.message.empty(), "an API error without a message");
  (void)error.IsExpired();
  km::kube::ApiError status = km::kube::ApiErrorFromStatus(body);
  km::fuzz::Check(!status.message.empty(), "a watch error without a message");
  return 0;
}
