// Helpers shared by the fuzz targets: a property check that crashes (so libFuzzer
// keeps the input as a crash artifact) and a scratch file for file-based loaders.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace km::fuzz {

// Aborts with `what` when a property does not hold.
inline void Check(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "property violated: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// `text` cut at NUL bytes into at most `max_parts` parts (the last keeps any further NULs):
// one input carrying several files or bodies.
inline std::vector<std::string_view> SplitOnNul(std::string_view text, size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    size_t nul = text.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(text.substr(0, nul));
    text.remove_prefix(nul + 1);
  }
  parts.push_back(text);
  return parts;
}

// A file whose content is rewritten for each input: loaders that take a path read
// it as they would a user's file. One per process, in /dev/shm when there is one.
class ScratchFile {
 public:
  explicit ScratchFile(std::string_view name) {
    std::string dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    path_ = dir + "/km-fuzz-" + std::to_string(getpid()) + "-" + std::string(name);
  }
  ~ScratchFile() { std::remove(path_.c_str()); }

  const std::string& Path() const { return path_; }

  const std::string& Write(std::string_view content) {
    std::FILE* file = std::fopen(path_.c_str(), "wb");
    Check(file != nullptr, "cannot write the scratch file");
    std::fwrite(content.data(), 1, content.size(), file);
    std::fclose(file);
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace km::fuzz
