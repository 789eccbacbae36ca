#include "records/run_record.h"

#include <algorithm>

#include "util/redact.h"
#include "util/utf8.h"

namespace km::records {
namespace {

// Valid UTF-8 with no password in it.
std::string Clean(std::string_view text) { return NormalizeUtf8LikeNode(RedactSecretsInText(text)); }

// The first `max` bytes of `text` (cut at a character boundary) with " …" when cut.
std::string CapFront(std::string_view text, size_t max) {
  std::string clean = Clean(text);
  if (clean.size() <= max) return clean;
  size_t cut = max - 4;
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
  return clean.substr(0, cut) + " \u2026";
}

// The last `max` bytes of a line (cut at a character boundary) with "… " when cut:
// the end of a long line says what went wrong.
std::string CapBack(std::string line, size_t max) {
  if (line.size() <= max) return line;
  size_t cut = line.size() - (max - 4);
  while (cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) ++cut;
  return "\u2026 " + line.substr(cut);
}

template <class T>
void KeepLast(std::vector<T>& items, size_t max) {
  if (items.size() > max) items.erase(items.begin(), items.end() - static_cast<std::ptrdiff_t>(max));
}

}  // namespace

RunRecord Bounded(RunRecord record) {
  for (std::string* text : {&record.job, &record.app, &record.namespace_, &record.outcome, &record.reason,
                            &record.started_at, &record.finished_at, &record.commit, &record.schema_version,
                            &record.triggered_by, &record.log_pod}) {
    *text = CapFront(*text, 256);
  }
  record.detail = CapFront(record.detail, kMaxTextBytes);
  record.runner_error = CapFront(record.runner_error, kMaxTextBytes);
  // A summary is kept whole or not at all: a cut one would be no JSON.
  if (record.runner_summary.size() > kMaxSummaryBytes) record.runner_summary.clear();
  record.runner_summary = Clean(record.runner_summary);
  record.attempts_total = std::max(record.attempts_total, record.attempts.size());
  KeepLast(record.attempts, kMaxAttempts);
  for (Attempt& attempt : record.attempts) {
    attempt.pod = CapFront(attempt.pod, 256);
    attempt.phase = CapFront(attempt.phase, 64);
    attempt.started_at = CapFront(attempt.started_at, 64);
    attempt.finished_at = CapFront(attempt.finished_at, 64);
  }
  KeepLast(record.committed, kMaxCommitted);
  for (std::string& tag : record.committed) tag = CapFront(tag, 256);
  for (Rollback& rollback : record.rollbacks) {
    rollback.deployment = CapFront(rollback.deployment, 256);
    rollback.result = CapFront(rollback.result, 64);
    rollback.message = CapFront(rollback.message, kMaxTextBytes);
  }
  KeepLast(record.rollbacks, kMaxAttempts);
  // The tail: the last lines that fit, newest kept.
  if (record.log_tail.size() > kMaxTailLines) record.log_truncated = true;
  KeepLast(record.log_tail, kMaxTailLines);
  std::vector<std::string> tail;
  size_t bytes = 0;
  for (auto line = record.log_tail.rbegin(); line != record.log_tail.rend(); ++line) {
    std::string clean = CapBack(Clean(*line), kMaxTextBytes);
    if (bytes + clean.size() + 1 > kMaxTailBytes) {
      record.log_truncated = true;
      break;
    }
    bytes += clean.size() + 1;
    tail.push_back(std::move(clean));
  }
  std::reverse(tail.begin(), tail.end());
  record.log_tail = std::move(tail);
  return record;
}

std::vector<RunRecord> AddRecord(std::vector<RunRecord> history, RunRecord record, size_t max_records) {
  std::erase_if(history, [&](const RunRecord& old) { return old.job == record.job; });
  history.insert(history.begin(), Bounded(std::move(record)));
  if (history.size() > std::max<size_t>(1, max_records)) history.resize(std::max<size_t>(1, max_records));
  while (history.size() > 1 && HistoryJson(history).size() > kMaxHistoryBytes) history.pop_back();
  return history;
}

const RunRecord* Select(const std::vector<RunRecord>& history, const Selector& selector) {
  for (const RunRecord& record : history) {
    if (selector.failed_only && record.succeeded) continue;
    if (!selector.job.empty() && record.job != selector.job) continue;
    return &record;
  }
  return nullptr;
}

}  // namespace km::records
