#pragma once

#include <string>
#include <vector>

#include "migrations/folder_name.h"
#include "migrations/migration_set.h"
#include "util/result.h"

namespace km::migrations {

// Validates the content of a Drizzle Kit v1 migrations folder (no I/O).
// `entries` are paths relative to the folder, "/"-separated; directories end
// with "/" ("20261124133532_init/", "20261124133532_init/migration.sql").
// Accepted: <YYYYMMDDhhmmss>_<name>/ holding migration.sql and optionally
// snapshot.json; migrations.js (drizzle-kit's --bundle); hidden files
// (.gitkeep). Anything else is refused with one kValidation error naming the
// path (`display_dir` + "/" + entry): a folder without migration.sql, a name
// that does not parse, two folders with the same timestamp, a stray file.
// Returns the migration folders ordered by timestamp (drizzle-orm v1 sorts by
// name, the same order once timestamps are unique).
Result<std::vector<FolderName>> ValidateFolderLayout(std::vector<std::string> entries,
                                                     const std::string& display_dir);

// Reads <dir> (two levels) and loads every <folder>/migration.sql.
Result<MigrationSet> LoadMigrationFolders(const std::string& dir);

// A journal-layout folder that also holds v1 migration folders is half
// converted (drizzle-kit up removes meta/): which one is meant is unknown.
Status RefuseMigrationFoldersBesideJournal(const MigrationSet& journal_set);

// The file names a migration folder may hold.
inline constexpr const char* kMigrationFile = "migration.sql";
inline constexpr const char* kSnapshotFile = "snapshot.json";

}  // namespace km::migrations
