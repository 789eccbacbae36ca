#include "git/report_format.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>

namespace km::git {
namespace {

std::string Short(const std::string& hex) { return hex.substr(0, 12); }

std::string FolderLabel(const ChangeReport& report) {
  return report.folder.empty() ? "the repository root" : report.folder + "/";
}

std::set<std::string> EditedPaths(const ChangeReport& report) {
  std::set<std::string> paths;
  for (const ExistingMigrationEdit& edit : report.existing_edits) paths.insert(edit.path);
  return paths;
}

bool ModifiesExisting(const FileChange& file, const std::set<std::string>& edited) {
  return edited.contains(file.status == ChangeStatus::kRenamed ? file.old_path : file.path);
}

std::string DisplayPath(const FileChange& file) {
  if (file.status != ChangeStatus::kRenamed) return file.path;
  return file.old_path + " -> " + file.path + " (" + std::to_string(file.similarity) + "%)";
}

void WriteString(rapidjson::Writer<rapidjson::StringBuffer>& json, const std::string& text) {
  json.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

void WriteStringArray(rapidjson::Writer<rapidjson::StringBuffer>& json,
                      const std::vector<std::string>& items) {
  json.StartArray();
  for (const std::string& item : items) WriteString(json, item);
  json.EndArray();
}

}  // namespace

std::string FormatText(const ChangeReport& report) {
  std::string from = report.from_commit.empty() ? "(nothing)" : Short(report.from_commit);
  std::string text =
      "Comparing " + from + ".." + Short(report.to_commit) + " under " + FolderLabel(report) + "\n";
  if (!report.range_note.empty()) text += "note: " + report.range_note + "\n";
  if (!report.changed()) return text + "No migration changes.\n";

  std::set<std::string> edited = EditedPaths(report);
  size_t width = std::string("STATUS").size();
  for (const FileChange& file : report.files) {
    width = std::max(width, std::string(ChangeStatusName(file.status)).size());
  }
  auto row = [&](const std::string& status, const std::string& path, const std::string& flag) {
    std::string line = status + std::string(width - status.size() + 2, ' ') + path;
    return (flag.empty() ? line : line + "  " + flag) + "\n";
  };
  text += row("STATUS", "PATH", "");
  for (const FileChange& file : report.files) {
    text += row(ChangeStatusName(file.status), DisplayPath(file),
                ModifiesExisting(file, edited) ? "[modifies an existing migration]" : "");
  }
  text += std::to_string(report.files.size()) +
          (report.files.size() == 1 ? " file changed" : " files changed");
  if (!report.added_tags.empty()) {
    text += "; journal tags added:";
    for (const std::string& tag : report.added_tags) text += " " + tag;
  }
  text += "\n";
  for (const ExistingMigrationEdit& edit : report.existing_edits) {
    text += "warning: " + DescribeEdit(edit) + "\n";
  }
  for (const std::string& warning : report.warnings) text += "warning: " + warning + "\n";
  return text;
}

std::string FormatJson(const ChangeReport& report) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  std::set<std::string> edited = EditedPaths(report);
  json.StartObject();
  json.Key("changed");
  json.Bool(report.changed());
  json.Key("path");
  WriteString(json, report.folder);
  json.Key("base");
  WriteString(json, report.base);
  json.Key("head");
  WriteString(json, report.head);
  json.Key("range");
  json.StartObject();
  json.Key("from");
  if (report.from_commit.empty()) {
    json.Null();
  } else {
    WriteString(json, report.from_commit);
  }
  json.Key("to");
  WriteString(json, report.to_commit);
  json.Key("kind");
  json.String(RangeKindName(report.range_kind));
  json.Key("note");
  WriteString(json, report.range_note);
  json.EndObject();
  json.Key("files");
  json.StartArray();
  for (const FileChange& file : report.files) {
    json.StartObject();
    json.Key("status");
    json.String(ChangeStatusName(file.status));
    json.Key("path");
    WriteString(json, file.path);
    if (file.status == ChangeStatus::kRenamed) {
      json.Key("old_path");
      WriteString(json, file.old_path);
      json.Key("similarity");
      json.Int(file.similarity);
    }
    json.Key("modifies_existing");
    json.Bool(ModifiesExisting(file, edited));
    json.EndObject();
  }
  json.EndArray();
  json.Key("added_tags");
  WriteStringArray(json, report.added_tags);
  json.Key("modified_existing");
  json.StartArray();
  for (const ExistingMigrationEdit& edit : report.existing_edits) {
    json.StartObject();
    json.Key("path");
    WriteString(json, edit.path);
    json.Key("edit");
    WriteString(json, edit.edit);
    if (!edit.tag.empty()) {
      json.Key("tag");
      WriteString(json, edit.tag);
    }
    json.Key("message");
    WriteString(json, DescribeEdit(edit));
    json.EndObject();
  }
  json.EndArray();
  json.Key("warnings");
  WriteStringArray(json, report.warnings);
  json.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::vector<GithubOutput> GithubOutputsOf(const ChangeReport& report) {
  std::vector<std::string> paths;
  for (const FileChange& file : report.files) paths.push_back(file.path);
  return {
      {"changed", {report.changed() ? "true" : "false"}, false},
      {"files", paths, true},
      {"added_tags", report.added_tags, true},
      {"modifies_existing", {report.existing_edits.empty() ? "false" : "true"}, false},
  };
}

}  // namespace km::git
