#include "records/store.h"

#include <cctype>

#include "kube/json.h"
#include "util/sha256.h"

namespace km::records {
namespace {

constexpr int kConflictRetries = 8;
constexpr char kPrefix[] = "kubectl-migrate-runs-";

std::string Path(const std::string& ns, const std::string& name = "") {
  std::string path = kube::CorePath(ns, "configmaps");
  return name.empty() ? path : path + "/" + kube::UrlEncode(name);
}

// A label value for `app`: at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends.
std::string LabelValue(const std::string& app) {
  std::string value;
  for (char c : app) {
    value.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ? c : '-');
  }
  if (value.size() > 63) value.resize(63);
  while (!value.empty() && !std::isalnum(static_cast<unsigned char>(value.back()))) value.pop_back();
  while (!value.empty() && !std::isalnum(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
  return value;
}

// The history as the ConfigMap has it, and its resourceVersion ("" when there is none).
struct Stored {
  bool exists = false;
  std::string resource_version;
  Result<std::vector<RunRecord>> history = std::vector<RunRecord>{};
};

Result<Stored> Fetch(kube::Client& client, const std::string& ns, const std::string& name) {
  auto got = client.Get(Path(ns, name));
  if (!got) {
    if (got.error().IsNotFound()) return Stored{};
    return Error(got.error()).Wrap("reading the run history configmap/" + name + " in namespace " + ns);
  }
  Stored stored;
  stored.exists = true;
  stored.resource_version = kube::StringAt(*got, {"metadata", "resourceVersion"});
  const kube::JsonValue* data = kube::Find(*got, {"data", kHistoryKey});
  if (data == nullptr) return stored;  // an empty history (e.g. created by hand)
  if (!data->IsString()) {
    stored.history = MakeError(ExitCode::kValidation, "configmap/" + name + " key " + kHistoryKey + ": not text");
    return stored;
  }
  stored.history = ParseHistory(std::string_view(data->GetString(), data->GetStringLength()),
                                "configmap/" + name + " key " + kHistoryKey);
  return stored;
}

}  // namespace

std::string ConfigMapName(const std::string& app) {
  std::string name;
  for (char c : app) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name.push_back(std::isalnum(static_cast<unsigned char>(lower)) || lower == '-' || lower == '.' ? lower : '-');
  }
  while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.back()))) name.pop_back();
  constexpr size_t kMaxApp = 200;  // a DNS subdomain is at most 253 characters
  if (name != app || name.empty() || name.size() > kMaxApp) {
    if (name.size() > kMaxApp) name.resize(kMaxApp);
    name += (name.empty() ? "" : "-") + Sha256Hex(app).substr(0, 8);
  }
  return kPrefix + name;
}

Result<std::vector<RunRecord>> ReadHistory(kube::Client& client, const std::string& ns, const std::string& app) {
  KM_TRY_ASSIGN(Stored stored, Fetch(client, ns, ConfigMapName(app)));
  return std::move(stored.history);
}

Result<std::string> SaveRecord(kube::Client& client, const std::string& ns, const RunRecord& record,
                               size_t max_records) {
  const std::string name = ConfigMapName(record.app);
  const std::string where = "saving the run record of job/" + record.job + " in configmap/" + name;
  for (int attempt = 1;; ++attempt) {
    auto fetched = Fetch(client, ns, name);
    if (!fetched) return fetched.error().Wrap(where);
    Stored stored = std::move(fetched).value();
    std::string note;
    std::vector<RunRecord> history;
    if (stored.history) {
      history = std::move(stored.history).value();
    } else {
      note = "the run history was unreadable and was started afresh (" + stored.history.error().message + ")";
    }
    std::string json = HistoryJson(AddRecord(std::move(history), record, max_records));
    kube::ApiResult<kube::JsonDoc> written = kube::JsonDoc();
    if (!stored.exists) {
      std::string object = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":)" + kube::QuoteJson(name) +
                           R"(,"namespace":)" + kube::QuoteJson(ns) +
                           R"(,"labels":{"app.kubernetes.io/managed-by":"kubectl-migrate","kubectl-migrate/app":)" +
                           kube::QuoteJson(LabelValue(record.app)) + R"(}},"data":{)" + kube::QuoteJson(kHistoryKey) +
                           ":" + kube::QuoteJson(json) + "}}";
      written = client.Post(Path(ns), object);
    } else {
      // The resourceVersion makes the patch conditional: 409 Conflict when another run
      // saved since we read.
      std::string patch = R"({"metadata":{"resourceVersion":)" + kube::QuoteJson(stored.resource_version) +
                          R"(},"data":{)" + kube::QuoteJson(kHistoryKey) + ":" + kube::QuoteJson(json) + "}}";
      written = client.Patch(Path(ns, name), patch, "application/merge-patch+json");
    }
    if (written) return note;
    const kube::ApiError& error = written.error();
    if ((error.IsConflict() || error.IsAlreadyExists()) && attempt < kConflictRetries) continue;
    return Error(error).Wrap(where);
  }
}

}  // namespace km::records
