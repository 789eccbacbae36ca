// Command lines (a CI workflow passes whatever its inputs hold) against the real
// flag tables, and Go-style durations. Parsing validates every value, so the typed
// accessors must then work for every flag of the table.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "fuzz_support.h"

namespace cli = km::cli;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // [1 byte: which command's table][arguments separated by NUL]
  if (size < 1) return 0;
  static const std::vector<std::vector<cli::FlagSpec>> tables = {
      cli::RunFlags(), cli::ApplyFlags(), cli::DbStatusFlags(), cli::ChangedFlags(),
      cli::ApprovalFlags()};
  const auto& specs = tables[data[0] % tables.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<std::string> args;
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = rest.find('\0', start);
    if (end == std::string_view::npos) end = rest.size();
    args.emplace_back(rest.substr(start, end - start));
    start = end + 1;
  }
  (void)cli::ParseDuration(rest);

  auto parsed = cli::ParseFlags(specs, args);
  if (!parsed) return 0;
  for (const cli::FlagSpec& spec : specs) {
    switch (spec.kind) {
      case cli::FlagKind::kString: (void)parsed->String(spec.name); break;
      case cli::FlagKind::kBool: (void)parsed->Bool(spec.name); break;
      case cli::FlagKind::kInt: (void)parsed->Int(spec.name); break;
      case cli::FlagKind::kDuration: (void)parsed->Duration(spec.name); break;
      case cli::FlagKind::kStringList: (void)parsed->List(spec.name); break;
    }
  }
  (void)cli::OutputFormat(*parsed, {"json", "text"}, "text");
  return 0;
}
