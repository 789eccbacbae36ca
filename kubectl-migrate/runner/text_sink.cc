#include <cstdio>
#include <ostream>

#include "runner/events.h"

namespace km::runner {
namespace {

std::string Seconds(int64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1fs", static_cast<double>(ms) / 1000.0);
  return buffer;
}

std::string Statements(int64_t n) {
  return std::to_string(n) + (n == 1 ? " statement" : " statements");
}

std::string Paint(bool color, const char* code, const std::string& text) {
  return color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

}  // namespace

void TextSink::Emit(const Event& e) {
  const std::string& n = e.name;
  const bool c = color_;
  if (n == "lock_waiting") {
    out_ << "waiting for advisory lock " << e.Int("lock_id") << ", held by "
         << (e.String("holder").empty() ? "another session" : e.String("holder")) << " ["
         << Seconds(e.Int("waited_ms")) << "]\n";
  } else if (n == "lock_acquired") {
    out_ << "acquired advisory lock " << e.Int("lock_id") << " after " << Seconds(e.Int("waited_ms")) << "\n";
  } else if (n == "lock_released") {
    out_ << "released advisory lock " << e.Int("lock_id") << "\n";
  } else if (n == "migration_started") {
    out_ << "applying " << e.String("tag") << " (" << Statements(e.Int("statements")) << ", "
         << e.String("transaction") << " transaction)\n";
  } else if (n == "migration_applied") {
    out_ << Paint(c, "32", "applied ") << e.String("tag") << " in " << e.Int("duration_ms") << " ms\n";
  } else if (n == "migration_failed") {
    out_ << Paint(c, "31", "FAILED ") << e.String("tag");
    if (e.String("phase") == "commit") {
      out_ << " at COMMIT";
    } else if (e.Int("statement") > 0) {
      out_ << " at statement " << e.Int("statement") << " of " << e.Int("statements");
    }
    if (e.Int("attempts") > 1) out_ << " after " << e.Int("attempts") << " attempts";
    out_ << ": " << e.String("error") << "\n";
    if (e.Int("committed_statements") > 0) {
      out_ << Paint(c, "33", "warning: ") << e.Int("committed_statements")
           << " statement(s) of this migration stayed committed\n";
    }
  } else if (n == "lock_blocked") {
    out_ << Paint(c, "33", "blocked: ") << e.String("tag") << " statement " << e.Int("statement")
         << " waits for a lock held by " << e.String("blocked_by") << " [" << Seconds(e.Int("waited_ms"))
         << "]\n";
  } else if (n == "migration_retry") {
    out_ << Paint(c, "33", "retrying ") << e.String("tag") << " (attempt " << e.Int("attempt") << ") in "
         << Seconds(e.Int("delay_ms")) << ": " << e.String("error");
    if (e.Find("resume_statement") != nullptr) {
      out_ << "; resuming at statement " << e.Int("resume_statement") << ", "
           << e.Int("committed_statements") << " committed statement(s) are not run again";
    }
    out_ << "\n";
  } else if (n == "invalid_index_dropped") {
    out_ << Paint(c, "33", "dropped ") << "invalid index " << e.String("index")
         << " left by an earlier failed build, before building it again\n";
  } else if (n == "lock_lost") {
    out_ << Paint(c, "31", "error: ") << e.String("error") << "\n";
  } else if (n == "batch_rolled_back") {
    out_ << "rolled back the whole batch (" << e.Int("migrations") << " migrations)\n";
  } else if (n == "out_of_order" && e.level == "warn") {
    out_ << Paint(c, "33", "warning: ") << e.String("message") << "\n";
  } else if (n == "history_table_upgraded") {
    out_ << e.String("message") << "\n";
  } else if (n == "drift" || n == "out_of_order" || n == "unknown_row" || n == "validation") {
    out_ << Paint(c, "31", "error: ") << e.String("message") << "\n";
  } else if (n == "plan_migration") {
    out_ << "-- " << e.String("tag") << " (" << e.String("state") << ", "
         << Statements(e.Int("statements")) << ", " << e.String("transaction") << " transaction";
    if (!e.String("reason").empty()) out_ << ": " << e.String("reason");
    out_ << ")\n";
  } else if (n == "plan_statement") {
    out_ << "-- statement " << e.Int("statement");
    if (!e.String("lock").empty()) out_ << " (lock: " << e.String("lock") << ")";
    out_ << "\n" << e.String("sql") << "\n";
  } else if (n == "baseline_recorded") {
    out_ << "recorded " << e.String("tag") << " as applied (not run)\n";
  } else if (n == "alert") {
    out_ << Paint(c, "33", "alert: ") << "the run took " << Seconds(e.Int("duration_ms"))
         << ", over the " << Seconds(e.Int("threshold_ms")) << " alert threshold\n";
  } else if (n == "summary" && e.Find("baselined") != nullptr) {
    out_ << Paint(c, "32", "done: ") << "recorded " << e.Int("baselined")
         << " migration(s) as applied, up to " << e.String("schema_version") << "\n";
  } else if (n == "summary") {
    out_ << (e.Bool("success") ? Paint(c, "32", "done: ") : Paint(c, "31", "failed: ")) << "applied "
         << e.Int("applied") << ", failed " << e.Int("failed") << ", pending " << e.Int("pending")
         << " in " << Seconds(e.Int("duration_ms"));
    if (e.Int("retries") > 0 || e.Int("blocked_ms") > 0) {
      out_ << "; " << e.Int("retries") << " retries, " << Seconds(e.Int("blocked_ms")) << " blocked";
    }
    if (!e.String("schema_version").empty()) {
      out_ << "; schema version " << e.String("schema_version") << " ("
           << e.String("schema_hash").substr(0, 12) << ")";
    }
    out_ << "\n";
  } else {
    out_ << n;
    for (const auto& [key, value] : e.fields) {
      out_ << " " << key << "=";
      std::visit([&](const auto& v) { out_ << v; }, value);
    }
    out_ << "\n";
  }
  out_.flush();
}

}  // namespace km::runner
