#include "deploy/migrations_configmap.h"

#include <openssl/evp.h>

#include "migrations/folder_layout.h"
#include "migrations/journal.h"
#include "migrations/migration_set.h"
#include "util/files.h"

namespace km::deploy {
namespace {

// Well-formed UTF-8 (structure only: lead byte, then the right number of continuation bytes).
bool ValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t extra = lead < 0x80             ? 0
                   : (lead & 0xE0) == 0xC0 ? 1
                   : (lead & 0xF0) == 0xE0 ? 2
                   : (lead & 0xF8) == 0xF0 ? 3
                                           : 4;
    if (extra == 4 || i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

void AddString(kube::JsonValue& object, const std::string& key, const std::string& value,
               kube::JsonDoc::AllocatorType& alloc) {
  object.AddMember(
      kube::JsonValue(key.c_str(), alloc),
      kube::JsonValue(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc), alloc);
}

}  // namespace

Result<std::string> ConfigMapKey(const std::string& relative_path) {
  std::string key = relative_path;
  for (char& c : key) {
    if (c == '/') c = '.';
  }
  bool valid = !key.empty() && key.size() <= 253 && key != "." && key != ".." &&
               key.find_first_not_of(
                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789-._") == std::string::npos;
  if (!valid) {
    return MakeError(ExitCode::kUsage,
                     "migration file \"" + relative_path +
                         "\" cannot be shipped in a ConfigMap: names may hold only letters, "
                         "digits, '-', '_' and '.'");
  }
  return key;
}

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;  // relative path → bytes

Status CollectJournalLayout(const std::string& dir, Files& files, std::string& schema_version) {
  std::string journal_path = dir + "/meta/_journal.json";
  KM_TRY_ASSIGN(std::string journal_text, ReadFile(journal_path, ExitCode::kValidation));
  KM_TRY_ASSIGN(migrations::Journal journal, migrations::ParseJournal(journal_text, journal_path));
  files.emplace_back("meta/_journal.json", std::move(journal_text));
  for (const migrations::JournalEntry& entry : journal.entries) {
    std::string relative = entry.tag + ".sql";
    KM_TRY_ASSIGN(std::string bytes, ReadFile(dir + "/" + relative, ExitCode::kValidation));
    files.emplace_back(relative, std::move(bytes));
  }
  if (!journal.entries.empty()) schema_version = journal.entries.back().tag;
  return Ok();
}

// Drizzle Kit v1: every <folder>/migration.sql (validated like the runner
// does); snapshot.json files are not needed to migrate.
Status CollectFolderLayout(const std::string& dir, Files& files, std::string& schema_version) {
  KM_TRY_ASSIGN(migrations::MigrationSet set, migrations::LoadMigrationFolders(dir));
  for (const migrations::Migration& migration : set.migrations) {
    std::string relative = migration.tag + "/" + migrations::kMigrationFile;
    KM_TRY_ASSIGN(std::string bytes, ReadFile(migration.path, ExitCode::kValidation));
    files.emplace_back(relative, std::move(bytes));
  }
  if (!set.migrations.empty()) schema_version = set.migrations.back().tag;
  return Ok();
}

}  // namespace

Result<MigrationsBundle> BundleMigrations(const std::string& dir, const std::string& name) {
  Files files;
  MigrationsBundle bundle;
  if (migrations::HasJournal(dir)) {
    KM_TRY_STATUS(CollectJournalLayout(dir, files, bundle.schema_version));
  } else {
    KM_TRY_STATUS(CollectFolderLayout(dir, files, bundle.schema_version));
  }
  auto& alloc = bundle.configmap.GetAllocator();
  kube::JsonValue data(rapidjson::kObjectType), binary(rapidjson::kObjectType);
  for (const auto& [relative, bytes] : files) {
    KM_TRY_ASSIGN(std::string key, ConfigMapKey(relative));
    for (const auto& [other_key, other_path] : bundle.items) {
      if (other_key == key) {
        return MakeError(ExitCode::kUsage, "migration files \"" + other_path + "\" and \"" +
                                               relative + "\" map to the same ConfigMap key");
      }
    }
    bundle.bytes += key.size() + bytes.size();
    if (ValidUtf8(bytes)) {
      AddString(data, key, bytes, alloc);
    } else {
      AddString(binary, key, EncodeBase64(bytes), alloc);
    }
    bundle.items.emplace_back(key, relative);
  }
  if (bundle.bytes > kMaxConfigMapBytes) {
    return MakeError(ExitCode::kUsage,
                     "--migrations " + dir + ": " + std::to_string(bundle.bytes) +
                         " bytes (journal and SQL files) is over the 1 MiB (1048576 bytes) a "
                         "ConfigMap can hold; ship the migrations in the image instead");
  }

  kube::JsonDoc& cm = bundle.configmap;
  cm.SetObject();
  AddString(cm, "apiVersion", "v1", alloc);
  AddString(cm, "kind", "ConfigMap", alloc);
  kube::JsonValue metadata(rapidjson::kObjectType);
  AddString(metadata, "name", name, alloc);
  cm.AddMember("metadata", metadata, alloc);
  cm.AddMember("immutable", true, alloc);
  cm.AddMember("data", data, alloc);
  if (binary.MemberCount() > 0) cm.AddMember("binaryData", binary, alloc);
  return bundle;
}

}  // namespace km::deploy
