#pragma once

#include <string>

namespace km {

// More documents than any manifest or project file has.
inline constexpr int kMaxYamlDocuments = 100;

// True when yaml-cpp's parser reaches the end of `yaml` within `max_documents`
// documents. yaml-cpp 0.7 (Debian 12) never ends LoadAll on some malformed streams
// ("{a: b},"): it keeps returning empty documents without consuming input, and
// memory grows until the process is killed. So every LoadAll of text from
// someone else is preceded by this. Throws what the parser throws
// (YAML::Exception).
bool YamlStreamEnds(const std::string& yaml, int max_documents = kMaxYamlDocuments);

}  // namespace km
