#include "migrations/journal.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <optional>
#include <set>
#include <string_view>

#include "util/json_depth.h"

namespace km::migrations {
namespace {

Error InvalidJournal(const std::string& source, const std::string& what) {
  return MakeError(ExitCode::kValidation, source + ": " + what);
}

// 1-based line and column of a byte offset, for parse errors.
std::string LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

struct DuplicateKey {
  std::string key;
  std::string where;  // "the journal object", "entries[1]", "entries[1].x"
};

// The first key that appears twice in one object, anywhere in `value`.
// rapidjson keeps both (FindMember sees the first); JSON.parse keeps the last.
std::optional<DuplicateKey> FindDuplicateKey(const rapidjson::Value& value, const std::string& path) {
  if (value.IsObject()) {
    std::set<std::string_view> keys;
    for (const auto& member : value.GetObject()) {
      std::string_view key(member.name.GetString(), member.name.GetStringLength());
      if (!keys.insert(key).second) {
        return DuplicateKey{std::string(key), path.empty() ? "the journal object" : path};
      }
      std::string child = path.empty() ? std::string(key) : path + "." + std::string(key);
      if (auto found = FindDuplicateKey(member.value, child)) return found;
    }
  } else if (value.IsArray()) {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      if (auto found = FindDuplicateKey(value[i], path + "[" + std::to_string(i) + "]")) return found;
    }
  }
  return std::nullopt;
}

bool IsSafeTag(std::string_view tag) {
  return !tag.empty() && tag.find('/') == std::string_view::npos &&
         tag.find('\\') == std::string_view::npos && tag.find("..") == std::string_view::npos &&
         tag.find('\0') == std::string_view::npos;
}

Result<JournalEntry> ParseEntry(const rapidjson::Value& value, const std::string& where) {
  if (!value.IsObject()) return MakeError(ExitCode::kValidation, where + ": not an object");
  JournalEntry entry;
  auto member = [&](const char* name) -> const rapidjson::Value* {
    auto it = value.FindMember(name);
    return it == value.MemberEnd() ? nullptr : &it->value;
  };
  const auto* tag = member("tag");
  if (tag == nullptr || !tag->IsString()) {
    return MakeError(ExitCode::kValidation, where + ": \"tag\" missing or not a string");
  }
  entry.tag.assign(tag->GetString(), tag->GetStringLength());
  if (!IsSafeTag(entry.tag)) {
    return MakeError(ExitCode::kValidation,
                     where + ": \"tag\" \"" + entry.tag + "\" is not a plain file name");
  }
  const auto* when = member("when");
  if (when == nullptr || !when->IsInt64() || when->GetInt64() <= 0) {
    return MakeError(ExitCode::kValidation,
                     where + " (" + entry.tag + "): \"when\" missing or not a positive integer");
  }
  entry.when = when->GetInt64();
  const auto* idx = member("idx");
  if (idx == nullptr || !idx->IsInt64()) {
    return MakeError(ExitCode::kValidation,
                     where + " (" + entry.tag + "): \"idx\" missing or not an integer");
  }
  entry.idx = idx->GetInt64();
  if (const auto* version = member("version"); version != nullptr && version->IsString()) {
    entry.version = version->GetString();
  }
  if (const auto* breakpoints = member("breakpoints"); breakpoints != nullptr) {
    if (!breakpoints->IsBool()) {
      return MakeError(ExitCode::kValidation,
                       where + " (" + entry.tag + "): \"breakpoints\" is not a boolean");
    }
    entry.breakpoints = breakpoints->GetBool();
  }
  return entry;
}

}  // namespace

Result<Journal> ParseJournal(std::string_view json, const std::string& source) {
  if (JsonNestedTooDeep(json)) {
    return InvalidJournal(
        source, "invalid JSON: nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  }
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.GetParseError() == rapidjson::kParseErrorDocumentRootNotSingular) {
    // e.g. two journals concatenated by a bad merge; drizzle's JSON.parse fails too.
    return InvalidJournal(source, "unexpected content after the JSON document at " +
                                      LineColumn(json, doc.GetErrorOffset()));
  }
  if (doc.HasParseError()) {
    return InvalidJournal(source, std::string("invalid JSON at ") +
                                      LineColumn(json, doc.GetErrorOffset()) + ": " +
                                      rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) return InvalidJournal(source, "not a JSON object");
  if (auto duplicate = FindDuplicateKey(doc, "")) {
    return InvalidJournal(source,
                          "duplicate key \"" + duplicate->key + "\" in " + duplicate->where +
                              "; drizzle would silently use the last one: keep only the right one");
  }
  Journal journal;
  if (auto it = doc.FindMember("version"); it != doc.MemberEnd() && it->value.IsString()) {
    journal.version = it->value.GetString();
  }
  if (auto it = doc.FindMember("dialect"); it != doc.MemberEnd()) {
    if (!it->value.IsString()) return InvalidJournal(source, "\"dialect\" is not a string");
    journal.dialect = it->value.GetString();
    if (journal.dialect != "postgresql" && journal.dialect != "pg") {
      return InvalidJournal(source,
                            "dialect is \"" + journal.dialect + "\"; only postgresql is supported");
    }
  }
  auto entries = doc.FindMember("entries");
  if (entries == doc.MemberEnd() || !entries->value.IsArray()) {
    return InvalidJournal(source, "\"entries\" missing or not an array");
  }
  std::set<std::string> tags;
  for (rapidjson::SizeType i = 0; i < entries->value.Size(); ++i) {
    auto entry = ParseEntry(entries->value[i], "entries[" + std::to_string(i) + "]");
    if (!entry) return std::move(entry).error().Wrap(source);
    if (!tags.insert(entry->tag).second) {
      return InvalidJournal(source, "tag \"" + entry->tag + "\" appears more than once");
    }
    journal.entries.push_back(std::move(entry).value());
  }
  return journal;
}

}  // namespace km::migrations
