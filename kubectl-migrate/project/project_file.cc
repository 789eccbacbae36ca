#include "project/project_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <set>
#include <vector>

#include "util/duration.h"
#include "util/files.h"
#include "util/kube_names.h"
#include "util/yaml_stream.h"

namespace km::project {
namespace {

namespace fs = std::filesystem;
using Milliseconds = std::chrono::milliseconds;

constexpr std::array<std::string_view, 16> kTopLevelKeys = {
    "version",        "app",          "namespace",           "migrations",
    "rollback",       "image",        "envSecret",           "envConfigMap",
    "serviceAccount", "history",      "timeout",             "startTimeout",
    "advisoryLockTimeout", "ddlLockTimeout", "ddlRetryBudget", "statementTimeout"};
constexpr std::array<std::string_view, 2> kHistoryKeys = {"schema", "table"};

// "envsecret" for "envSecret", "env-secret" and "env_secret".
std::string Folded(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '-' || c == '_') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The known key an unknown one was probably meant to be, or "".
template <size_t N>
std::string_view Suggestion(std::string_view key, const std::array<std::string_view, N>& known) {
  for (std::string_view candidate : known) {
    if (Folded(candidate) == Folded(key)) return candidate;
  }
  std::string_view best;
  size_t best_distance = 3;  // at most 2 edits
  for (std::string_view candidate : known) {
    size_t distance = EditDistance(Folded(key), Folded(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

template <size_t N>
bool Known(std::string_view key, const std::array<std::string_view, N>& known) {
  return std::find(known.begin(), known.end(), key) != known.end();
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: return "\"" + node.Scalar() + "\"";
    default: return "nothing";
  }
}

// A block key line: indentation, an optional "- ", then `key:` followed by a blank or
// the line's end. Sets its indentation and name. (By hand: std::regex recurses once
// per character and overflows the stack on a line of 100,000 spaces.)
bool KeyLine(std::string_view text, size_t& indent, std::string_view& name) {
  auto blank = [&](size_t i) { return i < text.size() && (text[i] == ' ' || text[i] == '\t'); };
  size_t i = 0;
  while (blank(i)) ++i;
  indent = i;
  if (i < text.size() && text[i] == '-' && blank(i + 1)) {
    ++i;
    while (blank(i)) ++i;
  }
  auto first = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$'; };
  auto rest = [&](char c) { return first(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  if (i >= text.size() || !first(text[i])) return false;
  size_t start = i++;
  while (i < text.size() && rest(text[i])) ++i;
  name = text.substr(start, i - start);
  while (blank(i)) ++i;
  return i < text.size() && text[i] == ':' && (i + 1 == text.size() || blank(i + 1));
}

// Reads the parsed document into a ProjectConfig, stopping at the first problem.
class Reader {
 public:
  Reader(const std::string& path, std::string_view text) : path_(path), text_(text) {
    line_starts_.push_back(0);
    for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
      line_starts_.push_back(i + 1);
    }
  }

  Error At(const YAML::Mark& mark, std::string_view key, const std::string& message) const {
    std::string where = path_;
    if (!mark.is_null()) {
      where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    return MakeError(ExitCode::kUsage, where + ": " + std::string(key) + ": " + message);
  }

  // The text of a line (0-based) without its line end, for syntax errors.
  std::string Line(int line) const {
    if (line < 0 || static_cast<size_t>(line) >= line_starts_.size()) return "";
    size_t start = line_starts_[static_cast<size_t>(line)];
    if (start >= text_.size()) return "";
    std::string_view rest = text_.substr(start, text_.find('\n', start) - start);
    while (!rest.empty() && (rest.back() == '\r' || rest.back() == ' ')) rest.remove_suffix(1);
    return std::string(rest);
  }

  // For a syntax error, where no parsed node can say: the block key whose value holds
  // `line` (0-based), dotted from the top ("history.table"), or "" when there is none.
  std::string KeyNear(int line) const {
    std::string key;
    size_t limit = std::string::npos;  // a parent is less indented than its child
    for (int l = line; l >= 0 && limit != 0; --l) {
      size_t indent = 0;
      std::string_view name;
      const std::string text = Line(l);
      if (!KeyLine(text, indent, name)) continue;
      if (limit != std::string::npos && indent >= limit) continue;
      key = key.empty() ? std::string(name) : std::string(name) + "." + key;
      limit = indent;
    }
    return key;
  }

  Result<ProjectConfig> Read(const YAML::Node& root, const YAML::Mark& start) {
    ProjectConfig config;
    config.path = path_;
    if (!root.IsMap()) {
      return At(root.IsNull() ? start : root.Mark(), "version",
                "expected a mapping of settings starting with \"version: 1\", found " +
                    Describe(root));
    }
    std::set<std::string> seen;
    bool has_version = false;
    for (const auto& pair : root) {
      KM_TRY_ASSIGN(std::string key, Key(pair.first, "", seen, kTopLevelKeys));
      const YAML::Node& value = pair.second;
      if (key == "version") {
        has_version = true;
        KM_TRY_STATUS(Version(pair.first, value));
      } else if (key == "app") {
        KM_TRY_ASSIGN(config.app, Text(pair.first, value, key));
      } else if (key == "namespace") {
        KM_TRY_ASSIGN(config.namespace_, Name(pair.first, value, key, /*label=*/true));
      } else if (key == "migrations") {
        KM_TRY_ASSIGN(std::string folder, Text(pair.first, value, key));
        fs::path resolved = fs::path(path_).parent_path() / folder;
        config.migrations = resolved.lexically_normal().string();
        if (config.migrations->size() > 1 && config.migrations->back() == '/') {
          config.migrations->pop_back();
        }
      } else if (key == "rollback") {
        KM_TRY_ASSIGN(config.rollback, Rollback(pair.first, value));
      } else if (key == "image") {
        KM_TRY_ASSIGN(config.image, Text(pair.first, value, key));
        if (config.image->find_first_of(" \t") != std::string::npos) {
          return At(value.Mark(), key, "an image reference has no spaces: " + Describe(value));
        }
      } else if (key == "envSecret") {
        KM_TRY_ASSIGN(config.env_secret, Name(pair.first, value, key, false));
      } else if (key == "envConfigMap") {
        KM_TRY_ASSIGN(config.env_configmap, Name(pair.first, value, key, false));
      } else if (key == "serviceAccount") {
        KM_TRY_ASSIGN(config.service_account, Name(pair.first, value, key, false));
      } else if (key == "history") {
        KM_TRY_STATUS(History(pair.first, value, config));
      } else if (key == "timeout") {
        KM_TRY_ASSIGN(config.timeout, Duration(pair.first, value, key));
      } else if (key == "startTimeout") {
        KM_TRY_ASSIGN(config.start_timeout, Duration(pair.first, value, key));
      } else if (key == "advisoryLockTimeout") {
        KM_TRY_ASSIGN(config.advisory_lock_timeout, Duration(pair.first, value, key));
      } else if (key == "ddlLockTimeout") {
        KM_TRY_ASSIGN(config.ddl_lock_timeout, Duration(pair.first, value, key));
      } else if (key == "ddlRetryBudget") {
        KM_TRY_ASSIGN(config.ddl_retry_budget, Duration(pair.first, value, key));
      } else if (key == "statementTimeout") {
        KM_TRY_ASSIGN(config.statement_timeout, Duration(pair.first, value, key));
      }
    }
    if (!has_version) {
      return At(root.Mark(), "version",
                "missing; a project file starts with \"version: " + std::to_string(kVersion) +
                    "\"");
    }
    return config;
  }

 private:
  // A mapping key: a scalar, known, given once. `prefix` is "history." for nested keys.
  template <size_t N>
  Result<std::string> Key(const YAML::Node& node, std::string_view prefix,
                          std::set<std::string>& seen,
                          const std::array<std::string_view, N>& known) {
    if (!node.IsScalar()) {
      return At(node.Mark(), std::string(prefix) + "?",
                "a key must be a name, not " + Describe(node));
    }
    std::string key = node.Scalar();
    std::string full = std::string(prefix) + key;
    if (!Known(key, known)) {
      std::string message = "unknown key";
      if (std::string_view suggestion = Suggestion(key, known); !suggestion.empty()) {
        message += " (did you mean " + std::string(prefix) + std::string(suggestion) + "?)";
      }
      return At(node.Mark(), full, message + "; the keys are in docs/project-file.md");
    }
    if (!seen.insert(key).second) return At(node.Mark(), full, "given twice");
    return key;
  }

  Status Version(const YAML::Node& key, const YAML::Node& value) {
    if (value.IsScalar() && value.Scalar() == std::to_string(kVersion)) return Ok();
    if (!value.IsScalar()) {
      return At(value.IsNull() ? key.Mark() : value.Mark(), "version",
                "expected " + std::to_string(kVersion) + ", found " + Describe(value));
    }
    return At(value.Mark(), "version",
              Describe(value) + " is not supported: this kubectl-migrate reads version " +
                  std::to_string(kVersion));
  }

  // A non-empty scalar, read as the text it is (`app: 2024` is "2024").
  Result<std::string> Text(const YAML::Node& key, const YAML::Node& value, std::string_view name) {
    if (value.IsNull()) return At(key.Mark(), name, "no value; remove the key or give one");
    if (!value.IsScalar()) return At(value.Mark(), name, "expected text, found " + Describe(value));
    if (value.Scalar().empty()) return At(value.Mark(), name, "must not be empty");
    return value.Scalar();
  }

  Result<std::string> Name(const YAML::Node& key, const YAML::Node& value, std::string_view name,
                           bool label) {
    KM_TRY_ASSIGN(std::string text, Text(key, value, name));
    if (label ? !IsDnsLabel(text) : !IsDnsSubdomain(text)) {
      return At(value.Mark(), name,
                Describe(value) + " is not a Kubernetes name (lowercase letters, digits and '-'" +
                    (label ? ", at most 63" : " or '.'") + ", starting and ending alphanumeric)");
    }
    return text;
  }

  Result<Milliseconds> Duration(const YAML::Node& key, const YAML::Node& value,
                                std::string_view name) {
    KM_TRY_ASSIGN(std::string text, Text(key, value, name));
    auto parsed = ParseDuration(text);
    if (!parsed) return At(value.Mark(), name, parsed.error().message);
    return *parsed;
  }

  Result<std::vector<RollbackTarget>> Rollback(const YAML::Node& key, const YAML::Node& value) {
    if (!value.IsSequence()) {
      return At(value.IsNull() ? key.Mark() : value.Mark(), "rollback",
                "expected a list like [deployment/NAME], found " + Describe(value));
    }
    std::vector<RollbackTarget> targets;
    size_t index = 0;
    for (const YAML::Node& item : value) {
      std::string name = "rollback[" + std::to_string(index++) + "]";
      KM_TRY_ASSIGN(std::string text, Text(key, item, name));
      auto target = ParseRollbackTarget(text);
      if (!target) {
        return At(item.Mark(), name,
                  Describe(item) + " must be deployment/NAME or deployment/NAME@REVISION (" +
                      target.error().message + ")");
      }
      targets.push_back(std::move(target).value());
    }
    return targets;
  }

  static Result<RollbackTarget> ParseRollbackTarget(const std::string& text) {
    KM_TRY_ASSIGN(DeploymentRef ref, ParseDeploymentRef(text));
    return RollbackTarget{text, std::move(ref.name), ref.revision};
  }

  Status History(const YAML::Node& key, const YAML::Node& value, ProjectConfig& config) {
    if (!value.IsMap()) {
      return At(value.IsNull() ? key.Mark() : value.Mark(), "history",
                "expected a mapping like {schema: drizzle, table: __drizzle_migrations}, found " +
                    Describe(value));
    }
    std::set<std::string> seen;
    for (const auto& pair : value) {
      KM_TRY_ASSIGN(std::string name, Key(pair.first, "history.", seen, kHistoryKeys));
      KM_TRY_ASSIGN(std::string text, Text(pair.first, pair.second, "history." + name));
      (name == "schema" ? config.history_schema : config.history_table) = text;
    }
    return Ok();
  }

  const std::string& path_;
  std::string_view text_;
  std::vector<size_t> line_starts_;  // byte offset of each line
};

}  // namespace

Result<ProjectConfig> ParseProjectFile(std::string_view text, const std::string& path) {
  Reader reader(path, text);
  try {
    YamlStreamScan scan = ScanYamlStream(std::string(text));
    if (!scan.ends) {
      return MakeError(ExitCode::kUsage, path + ": not valid YAML: the parser finds no end to it "
                                                "(stray text after a flow collection?)");
    }
    if (auto problem = YamlAliasProblem(scan.aliases)) {
      return MakeError(ExitCode::kUsage, path + ": " + *problem);
    }
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
    // "---" alone (a leading or trailing document marker) is no second document.
    if (documents.size() > 1) {
      std::erase_if(documents, [](const YAML::Node& node) { return node.IsNull(); });
    }
    if (documents.size() > 1) {
      return reader.At(documents[1].Mark(), "---",
                       "a project file is one YAML document, this is a second one");
    }
    if (documents.empty() || documents[0].IsNull()) {
      return reader.At(YAML::Mark(), "version",
                       "the file is empty; a project file starts with \"version: " +
                           std::to_string(kVersion) + "\"");
    }
    return reader.Read(documents[0], YAML::Mark());
  } catch (const YAML::Exception& error) {
    std::string message = "not valid YAML: " + error.msg;
    std::string where = path;
    if (!error.mark.is_null()) {
      where += ":" + std::to_string(error.mark.line + 1) + ":" +
               std::to_string(error.mark.column + 1);
      if (std::string key = reader.KeyNear(error.mark.line); !key.empty()) {
        where += ": " + key;
      }
      if (std::string line = reader.Line(error.mark.line); !line.empty()) {
        message += " (at: " + line + ")";
      }
    }
    return MakeError(ExitCode::kUsage, where + ": " + message);
  }
}

Result<ProjectConfig> LoadProjectFile(const std::string& path) {
  std::error_code ignored;
  if (fs::is_directory(path, ignored)) {
    return MakeError(ExitCode::kUsage, "cannot read " + path + ": it is a directory");
  }
  KM_TRY_ASSIGN(std::string text, ReadFile(path, ExitCode::kUsage));
  return ParseProjectFile(text, path);
}

Result<std::optional<ProjectFile>> FindProjectFile(const std::string& start_dir) {
  std::error_code error;
  fs::path dir = fs::absolute(start_dir.empty() ? fs::path(".") : fs::path(start_dir), error);
  if (error) {
    return MakeError(ExitCode::kUsage, "cannot look for " + std::string(kFileName) + " from \"" +
                                           start_dir + "\": " + error.message());
  }
  dir = dir.lexically_normal();
  if (!dir.has_filename() && dir != dir.root_path()) dir = dir.parent_path();  // "a/b/" → "a/b"
  while (true) {
    std::error_code ignored;
    fs::path candidate = dir / kFileName;
    if (fs::is_regular_file(candidate, ignored)) {
      return std::optional(ProjectFile{candidate.string()});
    }
    if (fs::exists(dir / ".git", ignored)) return std::optional<ProjectFile>();
    fs::path parent = dir.parent_path();
    if (parent == dir || parent.empty()) return std::optional<ProjectFile>();
    dir = parent;
  }
}

Result<ProjectConfig> LoadProject(const std::optional<std::string>& config_path,
                                  const std::string& start_dir) {
  if (config_path) {
    if (config_path->empty()) return ProjectConfig{};
    return LoadProjectFile(*config_path);
  }
  KM_TRY_ASSIGN(std::optional<ProjectFile> found, FindProjectFile(start_dir));
  if (!found) return ProjectConfig{};
  return LoadProjectFile(found->path);
}

}  // namespace km::project
