#include "kube/job.h"

#include <cctype>
#include <ctime>
#include <random>

#include "util/sha256.h"

namespace km::kube {
namespace {

constexpr size_t kMaxName = 63;

// base + tail in at most 63 characters: a base too long is cut and given a short hash.
std::string FitName(std::string_view base, const std::string& tail) {
  constexpr size_t kHashDigits = 5;
  if (base.size() + tail.size() <= kMaxName) return std::string(base) + tail;
  std::string hash = Sha256Hex(base).substr(0, kHashDigits);
  std::string cut(base.substr(0, kMaxName - tail.size() - kHashDigits - 1));
  while (!cut.empty() && (cut.back() == '-' || cut.back() == '.')) cut.pop_back();
  return cut + "-" + hash + tail;
}

}  // namespace

JobStatus ReadJobStatus(const JsonValue& job) {
  JobStatus status;
  status.active = IntAt(job, {"status", "active"}).value_or(0);
  status.succeeded = IntAt(job, {"status", "succeeded"}).value_or(0);
  status.failed = IntAt(job, {"status", "failed"}).value_or(0);
  const JsonValue* conditions = Find(job, {"status", "conditions"});
  if (conditions == nullptr || !conditions->IsArray()) return status;
  auto decide = [&](const JsonValue& condition, JobOutcome outcome, bool finished) {
    if (status.finished && !finished) return;
    status.outcome = outcome;
    status.finished = finished;
    status.reason = StringAt(condition, {"reason"});
    status.message = StringAt(condition, {"message"});
  };
  for (const JsonValue& condition : conditions->GetArray()) {
    if (StringAt(condition, {"status"}) != "True") continue;
    std::string type = StringAt(condition, {"type"});
    if (type == "Complete") {
      decide(condition, JobOutcome::kSucceeded, true);
    } else if (type == "Failed") {
      decide(condition, JobOutcome::kFailed, true);
    } else if (type == "SuccessCriteriaMet") {
      decide(condition, JobOutcome::kSucceeded, false);
    } else if (type == "FailureTarget") {
      decide(condition, JobOutcome::kFailed, false);
    } else if (type == "Suspended") {
      status.suspended = true;
    }
  }
  return status;
}

std::string Describe(const JobStatus& status) {
  std::string text;
  switch (status.outcome) {
    case JobOutcome::kSucceeded:
      text = "succeeded";
      break;
    case JobOutcome::kFailed:
      text = "failed";
      break;
    case JobOutcome::kRunning:
      text = status.suspended ? "suspended" : "running";
      text += " (" + std::to_string(status.active) + " active, " + std::to_string(status.failed) +
              " failed)";
      return text;
  }
  if (!status.reason.empty() || !status.message.empty()) {
    text += " (" + status.reason + (status.reason.empty() || status.message.empty() ? "" : ": ") +
            status.message + ")";
  }
  return text;
}

std::string MakeJobName(std::string_view base, int64_t unix_seconds) {
  std::string suffix = std::to_string(unix_seconds);
  suffix.insert(0, 1, '-');  // not "-" + …: GCC 12 -O3 warns falsely (-Wrestrict) on that
  return FitName(base, suffix);
}

std::string MakeRunJobName(std::string_view app, int64_t unix_seconds, std::string_view suffix) {
  std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &utc);
  std::string base = ToDnsLabel(app);
  if (base.empty()) base = "app";
  return FitName(base, "-migrate-" + std::string(stamp) + "-" + ToDnsLabel(suffix));
}

std::string RandomNameSuffix(size_t length) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
  std::string suffix;
  for (size_t i = 0; i < length; ++i) suffix.push_back(kAlphabet[pick(device)]);
  return suffix;
}

std::string ToDnsLabel(std::string_view text) {
  std::string label;
  for (unsigned char c : text) {
    char lower = static_cast<char>(std::tolower(c));
    bool valid = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (valid) {
      label.push_back(lower);
    } else if (!label.empty() && label.back() != '-') {
      label.push_back('-');
    }
  }
  while (!label.empty() && label.back() == '-') label.pop_back();
  return label;
}

std::string JobsPath(std::string_view ns) { return GroupPath("batch/v1", ns, "jobs"); }

ApiResult<JsonDoc> CreateJob(Client& client, std::string_view ns, const JsonValue& job) {
  auto created = client.Post(JobsPath(ns), ToJson(job));
  if (!created) {
    return created.error().Wrap("creating job/" + StringAt(job, {"metadata", "name"}) +
                                " in namespace " + std::string(ns));
  }
  return created;
}

ApiResult<std::optional<JsonDoc>> GetJob(Client& client, std::string_view ns,
                                         std::string_view name) {
  auto job = client.Get(JobsPath(ns) + "/" + UrlEncode(name));
  if (!job) {
    if (job.error().IsNotFound()) return std::optional<JsonDoc>();
    return job.error().Wrap("getting job/" + std::string(name));
  }
  return std::optional<JsonDoc>(std::move(job).value());
}

Result<void, ApiError> DeleteJob(Client& client, std::string_view ns, std::string_view name) {
  auto deleted = client.Delete(JobsPath(ns) + "/" + UrlEncode(name),
                               R"({"kind":"DeleteOptions","apiVersion":"v1",)"
                               R"("propagationPolicy":"Background"})");
  if (!deleted && !deleted.error().IsNotFound()) {
    return deleted.error().Wrap("deleting job/" + std::string(name));
  }
  return {};
}

}  // namespace km::kube
