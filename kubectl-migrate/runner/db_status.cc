#include "runner/db_status.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iomanip>
#include <ostream>

#include "db/history_table.h"
#include "util/clock.h"
#include "util/redact.h"

namespace km::runner {

using migrations::MigrationState;

Result<DatabaseStatus> ReadDatabaseStatus(const RunnerOptions& options) {
  DatabaseStatus status;
  status.table = options.table.Display();
  status.database = RedactConnectionString(options.database_url);
  KM_TRY_ASSIGN(status.set, migrations::LoadMigrationSet(options.dir));
  KM_TRY_ASSIGN(auto conn, db::Connection::Open(options.database_url, kApplicationName));
  KM_TRY_ASSIGN(auto shape, db::ReadHistoryShape(conn, options.table));
  status.table_exists = shape.exists;
  status.table_shape = shape.Label();
  KM_TRY_ASSIGN(auto rows, db::ReadHistory(conn, options.table));
  KM_TRY_ASSIGN(status.lock_holder, db::FindLockHolder(conn, options.lock_id));
  status.reconciliation = migrations::Reconcile(status.set.migrations, rows);
  return status;
}

void PrintDatabaseStatus(const DatabaseStatus& status, std::ostream& out) {
  size_t width = 3;
  for (const auto& s : status.reconciliation.statuses) width = std::max(width, s.migration->tag.size());
  out << std::left << std::setw(static_cast<int>(width) + 3) << "TAG" << std::setw(14) << "STATE"
      << std::setw(27) << "WHEN" << "HASH\n";
  for (const auto& s : status.reconciliation.statuses) {
    out << std::setw(static_cast<int>(width) + 3) << s.migration->tag << std::setw(14)
        << migrations::StateName(s.state) << std::setw(27) << FormatUnixMillis(s.migration->when)
        << s.migration->hash.substr(0, 12);
    if (s.state == MigrationState::kDrifted) out << " (database: " << s.row->hash.substr(0, 12) << ")";
    out << "\n";
  }
  for (const auto& row : status.reconciliation.unknown_rows) {
    out << "row id " << row.id << " in " << status.table << " matches no file (hash "
        << row.hash.substr(0, 12) << (row.name ? ", name " + *row.name : "") << ")\n";
  }
  const auto& r = status.reconciliation;
  out << "\n" << r.Count(MigrationState::kApplied) << " applied, " << r.Count(MigrationState::kPending)
      << " pending, " << r.Count(MigrationState::kDrifted) << " drifted, "
      << r.Count(MigrationState::kOutOfOrder) << " out-of-order, " << r.Count(MigrationState::kAmbiguous)
      << " ambiguous, " << r.unknown_rows.size()
      << " unknown row(s) in " << status.table
      << (status.table_exists ? " (" + status.table_shape + " columns)" : " (table not created yet)")
      << "\nlayout: " << migrations::LayoutName(status.set.layout) << " (" << status.set.Source() << ")"
      << "\nlock: " << (status.lock_holder ? "held by " + status.lock_holder->Describe() : "free") << "\n";
}

std::string DatabaseStatusJson(const DatabaseStatus& status) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  const auto& r = status.reconciliation;
  w.StartObject();
  w.Key("database");
  w.String(status.database.c_str());
  w.Key("table");
  w.String(status.table.c_str());
  w.Key("table_exists");
  w.Bool(status.table_exists);
  w.Key("table_shape");
  w.String(status.table_shape.c_str());
  w.Key("layout");
  w.String(migrations::LayoutName(status.set.layout));
  w.Key("migrations");
  w.StartArray();
  for (const auto& s : r.statuses) {
    w.StartObject();
    w.Key("tag");
    w.String(s.migration->tag.c_str());
    w.Key("state");
    w.String(migrations::StateName(s.state));
    w.Key("when");
    w.Int64(s.migration->when);
    w.Key("hash");
    w.String(s.migration->hash.c_str());
    if (s.row) {
      if (s.row->name) {
        w.Key("stored_name");
        w.String(s.row->name->c_str());
      }
      w.Key("stored_hash");
      w.String(s.row->hash.c_str());
      w.Key("row_id");
      w.Int64(s.row->id);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("unknown_rows");
  w.StartArray();
  for (const auto& row : r.unknown_rows) {
    w.StartObject();
    w.Key("id");
    w.Int64(row.id);
    w.Key("hash");
    w.String(row.hash.c_str());
    w.Key("created_at");
    if (row.created_at) w.Int64(*row.created_at); else w.Null();
    if (row.name) {
      w.Key("name");
      w.String(row.name->c_str());
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("counts");
  w.StartObject();
  for (auto state : {MigrationState::kApplied, MigrationState::kPending, MigrationState::kDrifted,
                     MigrationState::kOutOfOrder, MigrationState::kAmbiguous}) {
    w.Key(migrations::StateName(state));
    w.Uint64(r.Count(state));
  }
  w.EndObject();
  const auto* version = r.SchemaVersion();
  w.Key("schema_version");
  if (version) w.String(version->migration->tag.c_str()); else w.Null();
  w.Key("lock");
  if (status.lock_holder) {
    const auto& h = *status.lock_holder;
    w.StartObject();
    w.Key("pid");
    w.Int(h.pid);
    w.Key("application_name");
    w.String(h.application_name.c_str());
    w.Key("client");
    w.String(h.client.c_str());
    w.Key("user");
    w.String(h.user.c_str());
    w.Key("since");
    w.String(h.since.c_str());
    w.EndObject();
  } else {
    w.Null();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace km::runner
