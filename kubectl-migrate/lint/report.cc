#include "lint/report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sstream>

namespace km::lint {
namespace {

std::string Plural(size_t count, const std::string& word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

std::string Label(const Finding& finding) {
  return finding.ignored ? "ignored" : SeverityName(finding.rule->severity);
}

// GitHub workflow command escaping: data and property values.
std::string EscapeData(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string EscapeProperty(const std::string& text) {
  std::string out;
  for (char c : EscapeData(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string SummaryLine(const LintReport& report) {
  std::string line = Plural(report.Count(Severity::kError), "error") + ", " +
                     Plural(report.Count(Severity::kWarning), "warning");
  if (report.Ignored() > 0) line += ", " + std::to_string(report.Ignored()) + " ignored";
  return line + " in " + Plural(report.Pending(), "pending migration") + " (of " +
         std::to_string(report.migrations.size()) + ")";
}

std::string FormatText(const LintReport& report) {
  std::ostringstream out;
  for (const Finding& f : report.findings) {
    out << f.file << ":" << f.line << ": " << Label(f) << "[" << f.rule->id << "] " << f.message
        << "\n";
    out << "    statement " << f.statement << ": " << f.sql << "\n";
    if (!f.rule->lock.empty()) out << "    lock: " << f.rule->lock << ", blocks " << f.rule->blocks << "\n";
    out << "    fix:  " << f.rule->fix << "\n";
    if (f.ignored) {
      out << "    ignored: " << (f.ignore_reason.empty() ? "(no reason given)" : f.ignore_reason)
          << "\n";
    }
  }
  out << SummaryLine(report) << "\n";
  return out.str();
}

std::string FormatJson(const LintReport& report) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("findings");
  w.StartArray();
  for (const Finding& f : report.findings) {
    w.StartObject();
    str("tag", f.tag);
    str("file", f.file);
    w.Key("line"); w.Int(f.line);
    w.Key("statement"); w.Int(f.statement);
    str("rule", f.rule->id);
    str("severity", SeverityName(f.rule->severity));
    str("table", f.table);
    str("lock", f.rule->lock);
    str("blocks", f.rule->blocks);
    str("message", f.message);
    str("fix", f.rule->fix);
    w.Key("destructive"); w.Bool(f.rule->destructive);
    w.Key("breaks_rollback"); w.Bool(f.rule->breaks_rollback);
    w.Key("ignored"); w.Bool(f.ignored);
    str("ignore_reason", f.ignore_reason);
    w.EndObject();
  }
  w.EndArray();
  w.Key("migrations");
  w.StartArray();
  for (const MigrationSummary& m : report.migrations) {
    w.StartObject();
    str("tag", m.tag);
    str("file", m.file);
    w.Key("pending"); w.Bool(m.pending);
    str("transaction", m.transactional ? "per-migration" : "none");
    w.Key("statements"); w.Uint64(m.statements);
    w.EndObject();
  }
  w.EndArray();
  w.Key("summary");
  w.StartObject();
  w.Key("errors"); w.Uint64(report.Count(Severity::kError));
  w.Key("warnings"); w.Uint64(report.Count(Severity::kWarning));
  w.Key("ignored"); w.Uint64(report.Ignored());
  w.Key("pending"); w.Uint64(report.Pending());
  w.Key("migrations"); w.Uint64(report.migrations.size());
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string FormatGithub(const LintReport& report) {
  std::ostringstream out;
  for (const Finding& f : report.findings) {
    if (f.ignored) continue;
    out << "::" << (f.rule->severity == Severity::kError ? "error" : "warning")
        << " file=" << EscapeProperty(f.file) << ",line=" << f.line
        << ",title=" << EscapeProperty("kubectl-migrate lint: " + std::string(f.rule->id))
        << "::" << EscapeData(f.message + (f.rule->lock.empty() ? "" : " (lock: " + std::string(f.rule->lock) + ")") + ". Fix: " + std::string(f.rule->fix))
        << "\n";
  }
  out << SummaryLine(report) << "\n";
  return out.str();
}

}  // namespace km::lint
