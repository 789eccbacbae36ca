#include "runner/statement_runner.h"

#include <algorithm>

namespace km::runner {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kWatchTick{100};
constexpr milliseconds kFirstLook{200};
constexpr milliseconds kLookEvery{1'000};
constexpr auto kReportAgainAfter = std::chrono::seconds(10);

std::vector<int> Pids(const std::vector<db::Blocker>& blockers) {
  std::vector<int> pids;
  for (const auto& b : blockers) pids.push_back(b.pid);
  std::sort(pids.begin(), pids.end());
  return pids;
}

}  // namespace

std::string DescribeBlockers(const std::vector<db::Blocker>& blockers) {
  std::string out;
  for (const auto& b : blockers) out += (out.empty() ? "" : "; ") + b.Describe();
  return out;
}

void AddBlockers(Event& event, const std::vector<db::Blocker>& blockers, bool with_query) {
  if (blockers.empty()) return;
  const auto& first = blockers.front();
  event.Add("blocker_pid", first.pid).Add("blocker_user", first.user)
      .Add("blocker_application_name", first.application_name).Add("blocker_state", first.state)
      .Add("blocker_transaction_ms", first.transaction_ms).Add("blockers", blockers.size())
      .Add("blocked_by", DescribeBlockers(blockers));
  if (with_query) event.Add("blocker_query", first.query);
}

void StatementRunner::Look(const std::string& tag, size_t number, milliseconds waited) {
  db::Connection* monitor = session_.monitor();
  if (monitor == nullptr) return;
  auto found = db::FindBlockers(*monitor, session_.connection().BackendPid(), options_.show_blocker_queries);
  if (!found || found->empty()) return;
  last_blockers_ = std::move(found).value();
  const auto now = std::chrono::steady_clock::now();
  auto pids = Pids(last_blockers_);
  if (pids == reported_pids_ && now - reported_at_ < kReportAgainAfter) return;
  reported_pids_ = pids;
  reported_at_ = now;
  Event event("lock_blocked", "warn");
  event.Add("tag", tag).Add("statement", number).Add("waited_ms", static_cast<int64_t>(waited.count()));
  AddBlockers(event, last_blockers_, options_.show_blocker_queries);
  sink_.Emit(event);
}

Result<db::Rows, db::SqlError> StatementRunner::Run(const std::string& tag, size_t number,
                                                    std::string_view sql) {
  last_blockers_.clear();
  const auto started = std::chrono::steady_clock::now();
  milliseconds next_look = kFirstLook;
  auto result = session_.connection().ExecWatched(sql, kWatchTick, [&](milliseconds elapsed) {
    if (elapsed < next_look) return;
    next_look = elapsed + kLookEvery;
    Look(tag, number, elapsed);
  });
  if (!last_blockers_.empty()) {
    stats_.blocked_ms += std::chrono::duration_cast<milliseconds>(
                             std::chrono::steady_clock::now() - started).count();
  }
  return result;
}

}  // namespace km::runner
