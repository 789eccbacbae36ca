#include "records/record_text.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <ostream>

#include "util/strings.h"

namespace km::records {
namespace {

std::string Seconds(int64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fs", static_cast<double>(ms) / 1000.0);
  return buffer;
}

// "1, 1, 5": the exit code of each kept attempt ("-" when it had none).
std::string ExitCodes(const RunRecord& record) {
  std::string codes;
  for (const Attempt& attempt : record.attempts) {
    codes += (codes.empty() ? "" : ",") + (attempt.exit_code ? std::to_string(*attempt.exit_code) : "-");
  }
  return codes.empty() ? "-" : codes;
}

}  // namespace

std::string RecordText(const RunRecord& r) {
  std::string text = "job/" + r.job + " " + r.outcome + ", exit " + std::to_string(r.exit_code) + ", " +
                     Seconds(r.duration_ms) + ", finished " + r.finished_at + "\n";
  std::string origin = "app " + r.app + ", namespace " + r.namespace_;
  if (!r.commit.empty()) origin += ", commit " + r.commit.substr(0, 12);
  if (!r.schema_version.empty()) origin += ", schema " + r.schema_version;
  if (!r.triggered_by.empty()) origin += ", triggered by " + r.triggered_by;
  text += origin + "\n";
  if (!r.reason.empty()) text += "reason: " + r.reason + "\n";
  if (!r.detail.empty()) text += "detail: " + r.detail + "\n";
  if (!r.runner_error.empty()) text += "runner error: " + r.runner_error + "\n";
  size_t first = r.attempts_total > r.attempts.size() ? r.attempts_total - r.attempts.size() : 0;
  if (first > 0) text += "(" + std::to_string(first) + " earlier attempts not kept)\n";
  for (size_t i = 0; i < r.attempts.size(); ++i) {
    const Attempt& a = r.attempts[i];
    text += "attempt " + std::to_string(first + i + 1) + ": pod/" + a.pod + " " +
            (a.exit_code ? "exited " + std::to_string(*a.exit_code) : (a.phase.empty() ? "pending" : a.phase)) + "\n";
  }
  if (!r.succeeded) {
    text +=
        "committed before it ended: " + (r.committed.empty() ? "none" : Join(r.committed)) + "\n";
  }
  for (const Rollback& rollback : r.rollbacks) {
    text += "rollback deployment/" + rollback.deployment + ": " + rollback.result +
            (rollback.message.empty() ? "" : " (" + rollback.message + ")") + "\n";
  }
  if (r.log_tail.empty()) {
    text += "no log lines kept\n";
  } else {
    text += "==> pod/" + r.log_pod + " (last " + std::to_string(r.log_tail.size()) + " lines" +
            (r.log_truncated ? "; earlier ones not kept" : "") + ") <==\n";
    for (const std::string& line : r.log_tail) text += line + "\n";
  }
  return text;
}

void PrintRecordTable(const std::vector<RunRecord>& history, size_t limit, std::ostream& out) {
  size_t width = 3;
  size_t shown = std::min(limit, history.size());
  for (size_t i = 0; i < shown; ++i) width = std::max(width, history[i].job.size());
  out << std::left << std::setw(26) << "FINISHED" << std::setw(static_cast<int>(width) + 2) << "JOB"
      << std::setw(13) << "OUTCOME" << std::setw(6) << "EXIT" << std::setw(10) << "ATTEMPTS"
      << "ERROR\n";
  for (size_t i = 0; i < shown; ++i) {
    const RunRecord& r = history[i];
    std::string error = r.runner_error.empty() && !r.succeeded ? r.detail : r.runner_error;
    if (error.size() > 80) {
      size_t cut = 77;
      while (cut > 0 && (static_cast<unsigned char>(error[cut]) & 0xC0) == 0x80) --cut;
      error = error.substr(0, cut) + "...";
    }
    out << std::setw(26) << r.finished_at << std::setw(static_cast<int>(width) + 2) << r.job << std::setw(13)
        << r.outcome << std::setw(6) << r.exit_code << std::setw(10) << ExitCodes(r)
        << (error.empty() ? "-" : error) << "\n";
  }
  out << std::right;
}

}  // namespace km::records
