#include "lint/linter.h"

#include <algorithm>

#include "lint/checks.h"
#include "lint/parser.h"
#include "lint/suppression.h"

namespace km::lint {
namespace {

using migrations::Migration;

// 1-based line of a byte offset in a file.
int LineAt(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

std::string FirstLine(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  size_t cut = 100;
  if (line.size() <= cut) return std::string(line);
  // not inside a UTF-8 character
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return std::string(line.substr(0, cut)) + "…";
}

// One migration's statements, with the model and findings they feed.
class MigrationLinter {
 public:
  MigrationLinter(const Migration& m, bool pending, SchemaModel& model, LintReport& report)
      : m_(m), pending_(pending), report_(report), context_{model, true, true, {}, {}, {}} {
    context_.transactional = m.no_transaction_reason.empty();
    context_.creates_new = pending;
  }

  void Run() {
    size_t cursor = 0;
    for (size_t i = 0; i < m_.statements.size(); ++i) {
      const std::string& chunk = m_.statements[i];
      size_t offset = m_.sql.find(chunk, cursor);
      if (offset == std::string::npos) offset = cursor;  // cannot happen: chunks are substrings
      cursor = offset + chunk.size();
      LintChunk(chunk, offset, static_cast<int>(i + 1));
    }
  }

 private:
  void LintChunk(const std::string& chunk, size_t offset, int number) {
    auto parsed = ParseSql(chunk);
    if (!parsed) {
      const SyntaxError& error = parsed.error();
      Finding finding = Base(number, offset + error.offset);
      finding.rule = FindRule(rule::kParseError);
      const size_t at = offset + error.offset;
      const size_t line_start = at == 0 ? 0 : m_.sql.rfind('\n', at - 1);
      const size_t column = line_start == std::string::npos ? at + 1 : at - line_start;
      finding.message = "PostgreSQL cannot parse statement " + std::to_string(number) + ": " +
                        error.message + " (line " + std::to_string(finding.line) + ", column " +
                        std::to_string(column) + ")";
      finding.sql = FirstLine(std::string_view(chunk).substr(ReadLeadingText(chunk).first_token));
      Add(std::move(finding), {});
      return;
    }
    const bool several = parsed->statements.size() > 1;
    // Statement by statement, every chunk is a transaction of its own.
    if (!m_.no_transaction_reason.empty()) {
      context_.not_valid_added.clear();
      context_.new_enum_values.clear();
    }
    for (const ParsedStatement& statement : parsed->statements) {
      std::string_view span = std::string_view(chunk).substr(
          statement.begin, std::min(statement.end, chunk.size()) - statement.begin);
      LeadingText leading = ReadLeadingText(span);
      Finding base = Base(number, offset + statement.begin + leading.first_token);
      base.sql = FirstLine(span.substr(leading.first_token));

      const bool wrapped = m_.no_transaction_reason.empty() || several;
      context_.transactional = wrapped;
      CheckTransactionMode(statement, wrapped, several);
      CheckStatement(statement, context_);
      for (RawFinding& raw : context_.findings) {
        Finding finding = base;
        finding.rule = FindRule(raw.rule);
        finding.table = DisplayTable(raw.table);
        finding.message = std::move(raw.message);
        Add(std::move(finding), leading.suppressions);
      }
      context_.findings.clear();
    }
  }

  void CheckTransactionMode(const ParsedStatement& statement, bool wrapped, bool several) {
    const std::string kind = NonTransactionalKind(statement);
    if (kind.empty()) return;
    if (wrapped) {
      context_.Report(rule::kNonTransactionalWrapped, "",
                      kind + " cannot run inside a transaction block, and here it would: " +
                          (several ? "its chunk holds several statements, which PostgreSQL runs "
                                     "as one implicit transaction (a missing "
                                     "--> statement-breakpoint?)"
                                   : "the runner wraps this migration in a transaction"));
    } else if (m_.statements.size() > 1 && !reported_mixed_) {
      reported_mixed_ = true;
      context_.Report(rule::kNonTransactionalMixed, "",
                      kind + " makes the runner run this migration's " +
                          std::to_string(m_.statements.size()) +
                          " statements one by one without a transaction: if one fails, those "
                          "before it stay committed and the migration is not recorded");
    }
  }

  Finding Base(int number, size_t file_offset) const {
    Finding finding;
    finding.tag = m_.tag;
    finding.file = m_.path;
    finding.statement = number;
    finding.line = LineAt(m_.sql, file_offset);
    return finding;
  }

  void Add(Finding finding, const std::vector<Suppression>& suppressions) {
    if (!pending_) return;
    for (const Suppression& suppression : suppressions) {
      if (suppression.rule == finding.rule->id) {
        finding.ignored = true;
        finding.ignore_reason = suppression.reason;
      }
    }
    report_.findings.push_back(std::move(finding));
  }

  const Migration& m_;
  bool pending_;
  LintReport& report_;
  CheckContext context_;
  bool reported_mixed_ = false;
};

}  // namespace

size_t LintReport::Count(Severity severity) const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
    return !f.ignored && f.rule->severity == severity;
  }));
}

size_t LintReport::Ignored() const {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.ignored; }));
}

size_t LintReport::Pending() const {
  return static_cast<size_t>(std::count_if(migrations.begin(), migrations.end(),
                                           [](const MigrationSummary& m) { return m.pending; }));
}

LintReport Lint(const migrations::MigrationSet& set, const LintOptions& options) {
  LintReport report;
  SchemaModel model;
  for (const Migration& m : set.migrations) {
    const bool pending = !options.pending || options.pending->contains(m.tag);
    report.migrations.push_back(
        {m.tag, m.path, pending, m.no_transaction_reason.empty(), m.statements.size()});
    MigrationLinter(m, pending, model, report).Run();
  }
  return report;
}

}  // namespace km::lint
