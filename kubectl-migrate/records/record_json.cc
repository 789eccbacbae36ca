// HistoryJson / RecordJson / ParseHistory: the run history as the ConfigMap keeps it.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "records/run_record.h"
#include "util/json_depth.h"
#include "util/json_numbers.h"

namespace km::records {
namespace {

constexpr int kVersion = 1;

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& text) {
  w.Key(key);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

void Strings(Writer& w, const char* key, const std::vector<std::string>& texts) {
  w.Key(key);
  w.StartArray();
  for (const std::string& text : texts) w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  w.EndArray();
}

void WriteRecord(Writer& w, const RunRecord& r) {
  w.StartObject();
  Str(w, "job", r.job);
  Str(w, "app", r.app);
  Str(w, "namespace", r.namespace_);
  Str(w, "outcome", r.outcome);
  w.Key("succeeded");
  w.Bool(r.succeeded);
  w.Key("exit_code");
  w.Int(r.exit_code);
  Str(w, "reason", r.reason);
  Str(w, "detail", r.detail);
  Str(w, "started_at", r.started_at);
  Str(w, "finished_at", r.finished_at);
  w.Key("duration_ms");
  w.Int64(r.duration_ms);
  Str(w, "commit", r.commit);
  Str(w, "schema_version", r.schema_version);
  Str(w, "triggered_by", r.triggered_by);
  w.Key("attempts_total");
  w.Uint64(r.attempts_total);
  w.Key("attempts");
  w.StartArray();
  for (const Attempt& a : r.attempts) {
    w.StartObject();
    Str(w, "pod", a.pod);
    Str(w, "phase", a.phase);
    w.Key("exit_code");
    if (a.exit_code) {
      w.Int(*a.exit_code);
    } else {
      w.Null();
    }
    Str(w, "started_at", a.started_at);
    Str(w, "finished_at", a.finished_at);
    w.EndObject();
  }
  w.EndArray();
  w.Key("runner");
  rapidjson::Document summary;
  if (!r.runner_summary.empty() && !JsonNestedTooDeep(r.runner_summary) &&
      !ParseJsonExactNumbers(summary, r.runner_summary).IsError() && summary.IsObject()) {
    summary.Accept(w);
  } else {
    w.Null();
  }
  Str(w, "runner_error", r.runner_error);
  Strings(w, "committed", r.committed);
  w.Key("rollbacks");
  w.StartArray();
  for (const Rollback& rb : r.rollbacks) {
    w.StartObject();
    Str(w, "deployment", rb.deployment);
    Str(w, "result", rb.result);
    Str(w, "message", rb.message);
    w.EndObject();
  }
  w.EndArray();
  Str(w, "log_pod", r.log_pod);
  Strings(w, "log_tail", r.log_tail);
  w.Key("log_truncated");
  w.Bool(r.log_truncated);
  w.EndObject();
}

// Reads the members of one record, naming the first one of the wrong type.
class Reader {
 public:
  explicit Reader(const rapidjson::Value& object) : object_(object) {}
  const std::string& problem() const { return problem_; }

  std::string String(const char* key) {
    auto member = object_.FindMember(key);
    if (member == object_.MemberEnd() || member->value.IsNull()) return "";
    if (!member->value.IsString()) return Wrong(key, "a string");
    return std::string(member->value.GetString(), member->value.GetStringLength());
  }
  bool Bool(const char* key) {
    auto member = object_.FindMember(key);
    if (member == object_.MemberEnd()) return false;
    if (!member->value.IsBool()) return !Wrong(key, "true or false").empty();
    return member->value.GetBool();
  }
  std::optional<int64_t> Int(const char* key) {
    auto member = object_.FindMember(key);
    if (member == object_.MemberEnd() || member->value.IsNull()) return std::nullopt;
    if (!member->value.IsInt64()) {
      Wrong(key, "an integer");
      return std::nullopt;
    }
    return member->value.GetInt64();
  }
  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> out;
    const rapidjson::Value* array = Array(key);
    if (array == nullptr) return out;
    for (const auto& item : array->GetArray()) {
      if (!item.IsString()) {
        Wrong(key, "an array of strings");
        return {};
      }
      out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return out;
  }
  // The array at `key`, or nullptr (also when missing); objects inside are checked by the caller.
  const rapidjson::Value* Array(const char* key) {
    auto member = object_.FindMember(key);
    if (member == object_.MemberEnd()) return nullptr;
    if (!member->value.IsArray()) {
      Wrong(key, "an array");
      return nullptr;
    }
    return &member->value;
  }
  std::string Wrong(const char* key, const char* expected) {
    if (problem_.empty()) problem_ = std::string("\"") + key + "\" is not " + expected;
    return "";
  }

 private:
  const rapidjson::Value& object_;
  std::string problem_;
};

std::string Compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  value.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<RunRecord> ReadRecord(const rapidjson::Value& object) {
  if (!object.IsObject()) return MakeError(ExitCode::kValidation, "not an object");
  Reader in(object);
  RunRecord r;
  r.job = in.String("job");
  r.app = in.String("app");
  r.namespace_ = in.String("namespace");
  r.outcome = in.String("outcome");
  r.succeeded = in.Bool("succeeded");
  r.exit_code = static_cast<int>(in.Int("exit_code").value_or(0));
  r.reason = in.String("reason");
  r.detail = in.String("detail");
  r.started_at = in.String("started_at");
  r.finished_at = in.String("finished_at");
  r.duration_ms = in.Int("duration_ms").value_or(0);
  r.commit = in.String("commit");
  r.schema_version = in.String("schema_version");
  r.triggered_by = in.String("triggered_by");
  r.attempts_total = static_cast<size_t>(std::max<int64_t>(0, in.Int("attempts_total").value_or(0)));
  if (const rapidjson::Value* attempts = in.Array("attempts")) {
    for (const auto& item : attempts->GetArray()) {
      if (!item.IsObject()) {
        in.Wrong("attempts", "an array of objects");
        break;
      }
      Reader a(item);
      Attempt attempt;
      attempt.pod = a.String("pod");
      attempt.phase = a.String("phase");
      if (auto code = a.Int("exit_code")) attempt.exit_code = static_cast<int>(*code);
      attempt.started_at = a.String("started_at");
      attempt.finished_at = a.String("finished_at");
      if (!a.problem().empty()) in.Wrong("attempts", ("objects whose " + a.problem()).c_str());
      r.attempts.push_back(std::move(attempt));
    }
  }
  if (auto runner = object.FindMember("runner"); runner != object.MemberEnd() && !runner->value.IsNull()) {
    if (runner->value.IsObject()) {
      r.runner_summary = Compact(runner->value);
    } else {
      in.Wrong("runner", "an object");
    }
  }
  r.runner_error = in.String("runner_error");
  r.committed = in.Strings("committed");
  if (const rapidjson::Value* rollbacks = in.Array("rollbacks")) {
    for (const auto& item : rollbacks->GetArray()) {
      if (!item.IsObject()) {
        in.Wrong("rollbacks", "an array of objects");
        break;
      }
      Reader rb(item);
      r.rollbacks.push_back({rb.String("deployment"), rb.String("result"), rb.String("message")});
      if (!rb.problem().empty()) in.Wrong("rollbacks", ("objects whose " + rb.problem()).c_str());
    }
  }
  r.log_pod = in.String("log_pod");
  r.log_tail = in.Strings("log_tail");
  r.log_truncated = in.Bool("log_truncated");
  if (r.job.empty() && in.problem().empty()) in.Wrong("job", "a job name");
  if (!in.problem().empty()) return MakeError(ExitCode::kValidation, in.problem());
  return r;
}

}  // namespace

std::string RecordJson(const RunRecord& record) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  WriteRecord(w, record);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string HistoryJson(const std::vector<RunRecord>& history) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("version");
  w.Int(kVersion);
  w.Key("runs");
  w.StartArray();
  for (const RunRecord& record : history) WriteRecord(w, record);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<std::vector<RunRecord>> ParseHistory(std::string_view json, std::string_view where) {
  auto fail = [&](const std::string& why) {
    return MakeError(ExitCode::kValidation, std::string(where) + ": not a run history kubectl-migrate wrote: " + why);
  };
  if (JsonNestedTooDeep(json)) return fail("JSON nested too deeply");
  rapidjson::Document doc;
  // Numbers read exactly: what HistoryJson wrote reads back unchanged (a summary's numbers too).
  if (rapidjson::ParseResult parsed = ParseJsonExactNumbers(doc, json); parsed.IsError()) {
    if (parsed.Code() == rapidjson::kParseErrorTermination) {
      return fail("a number beyond a double's range at offset " + std::to_string(parsed.Offset()));
    }
    return fail("invalid JSON at offset " + std::to_string(parsed.Offset()));
  }
  if (!doc.IsObject()) return fail("not a JSON object");
  const rapidjson::Value& root = doc;  // const iterators: clang finds == on mutable ones ambiguous in C++20
  auto version = root.FindMember("version");
  if (version == root.MemberEnd() || !version->value.IsInt()) return fail("no \"version\"");
  if (version->value.GetInt() != kVersion) {
    return fail("version " + std::to_string(version->value.GetInt()) + " (this kubectl-migrate reads version " +
                std::to_string(kVersion) + "; a newer one wrote it?)");
  }
  auto runs = root.FindMember("runs");
  if (runs == root.MemberEnd() || !runs->value.IsArray()) return fail("\"runs\" is not an array");
  std::vector<RunRecord> history;
  for (rapidjson::SizeType i = 0; i < runs->value.Size(); ++i) {
    auto record = ReadRecord(runs->value[i]);
    if (!record) return fail("runs[" + std::to_string(i) + "]: " + record.error().message);
    history.push_back(std::move(record).value());
  }
  return history;
}

}  // namespace km::records
