#include "migrations/folder_name.h"

namespace km::migrations {
namespace {

bool IsLeap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

int64_t Digits(std::string_view text) {
  int64_t value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

std::string Two(int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); }

}  // namespace

Result<FolderName> ParseFolderName(std::string_view name) {
  auto invalid = [&](const std::string& why) {
    return MakeError(ExitCode::kValidation,
                     "\"" + std::string(name) + "\" is not a Drizzle Kit v1 migration folder name (" + why +
                         "); expected <YYYYMMDDhhmmss>_<name>, e.g. 20261124133532_init");
  };
  if (name.size() < 14) return invalid("too short");
  for (size_t i = 0; i < 14; ++i) {
    if (name[i] < '0' || name[i] > '9') return invalid("the first 14 characters must be digits");
  }
  if (name.size() < 16 || name[14] != '_') return invalid("no \"_<name>\" after the timestamp");
  const int64_t year = Digits(name.substr(0, 4));
  const int64_t month = Digits(name.substr(4, 2));
  const int64_t day = Digits(name.substr(6, 2));
  const int64_t hour = Digits(name.substr(8, 2));
  const int64_t minute = Digits(name.substr(10, 2));
  const int64_t second = Digits(name.substr(12, 2));
  if (year < 1970) return invalid("year before 1970");
  if (month < 1 || month > 12) return invalid("month " + Two(month) + " does not exist");
  if (day < 1 || day > DaysInMonth(year, static_cast<int>(month))) {
    return invalid("day " + Two(day) + " does not exist in month " + Two(month));
  }
  if (hour > 23 || minute > 59 || second > 59) return invalid("time " + std::string(name.substr(8, 6)) + " does not exist");
  FolderName folder;
  folder.tag = std::string(name);
  folder.millis = ((DaysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60'000 + second * 1000;
  return folder;
}

std::string FolderTimestamp(int64_t unix_millis) {
  int64_t seconds = unix_millis >= 0 ? unix_millis / 1000 : (unix_millis - 999) / 1000;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rest = seconds - days * 86400;
  int64_t y = 0, m = 0, d = 0;
  CivilFromDays(days, y, m, d);
  return std::to_string(y) + Two(m) + Two(d) + Two(rest / 3600) + Two(rest / 60 % 60) + Two(rest % 60);
}

std::string UpgradedFolderName(std::string_view tag, int64_t when) {
  // drizzle-kit up: `const [prefix, ...rest] = tag.split("_"); rest.join("_")`.
  size_t underscore = tag.find('_');
  std::string_view rest = underscore == std::string_view::npos ? std::string_view() : tag.substr(underscore + 1);
  return FolderTimestamp(when) + "_" + std::string(rest);
}

int64_t TruncateToSeconds(int64_t unix_millis) {
  // drizzle: Number(String(created_at).slice(0, -3) + "000"), i.e. towards zero.
  return unix_millis / 1000 * 1000;
}

}  // namespace km::migrations
