#include "cli/run_display.h"

#include <ostream>
#include <sstream>

#include "kube/json.h"
#include "runner/events.h"
#include "util/json_depth.h"

namespace km::cli {

std::string FormatSeconds(int64_t seconds) {
  std::string text;
  if (seconds >= 3600) text += std::to_string(seconds / 3600) + "h";
  if (seconds >= 60) text += std::to_string(seconds / 60 % 60) + "m";
  return text + std::to_string(seconds % 60) + "s";
}

std::string RenderRunnerEvent(const std::string& text, bool color) {
  if (text.empty() || text.front() != '{') return "";
  if (JsonNestedTooDeep(text)) return "";
  kube::JsonDoc doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("event") ||
      !doc["event"].IsString()) {
    return "";
  }
  runner::Event event(doc["event"].GetString(), kube::StringAt(doc, {"level"}));
  for (const auto& member : doc.GetObject()) {
    std::string key = member.name.GetString();
    if (key == "event" || key == "ts" || key == "level") continue;
    if (member.value.IsString()) {
      event.Add(key, std::string(member.value.GetString()));
    } else if (member.value.IsBool()) {
      event.Add(key, member.value.GetBool());
    } else if (member.value.IsInt64()) {
      event.Add(key, member.value.GetInt64());
    } else {
      event.Add(key, kube::ToJson(member.value));
    }
  }
  std::ostringstream out;
  runner::TextSink(out, color).Emit(event);
  return out.str();
}

RunDisplay::RunDisplay(Io& io, std::chrono::milliseconds timeout)
    : io_(io), tty_(io.err_is_tty), timeout_(timeout), started_(std::chrono::steady_clock::now()) {
  if (!tty_) return;
  ticker_ = std::thread([this] {
    while (!closed_) {
      for (int i = 0; i < 10 && !closed_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      std::lock_guard lock(mutex_);
      if (!closed_) DrawProgress();
    }
  });
}

RunDisplay::~RunDisplay() { Close(); }

void RunDisplay::Close() {
  if (closed_.exchange(true)) return;
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard lock(mutex_);
  ClearProgress();
}

void RunDisplay::Created(const std::string& job_name, const std::string& ns) {
  std::lock_guard lock(mutex_);
  job_ = job_name;
  phase_ = "pending";
  Print("job.batch/" + job_name + " created in namespace " + ns + "\n");
}

void RunDisplay::Status(const kube::JobStatus& status) {
  std::lock_guard lock(mutex_);
  phase_ = kube::Describe(status);
  DrawProgress();
}

void RunDisplay::Log(const kube::LogLine& line) {
  std::lock_guard lock(mutex_);
  bool new_pod = pods_.insert(line.pod).second;
  std::string text;
  if (line.pod != last_pod_) {
    text += "==> pod/" + line.pod +
            (new_pod ? " (attempt " + std::to_string(pods_.size()) + ")" : "") + " <==\n";
    last_pod_ = line.pod;
  }
  std::string prefix = pods_.size() > 1 ? "[" + line.pod + "] " : "";
  std::string rendered = tty_ ? RenderRunnerEvent(line.text, io_.color) : "";
  if (rendered.empty()) {
    text += prefix + line.text + "\n";
  } else {
    text += prefix + rendered;
  }
  Print(text);
}

void RunDisplay::Warning(const std::string& message) {
  std::lock_guard lock(mutex_);
  Print(std::string(io_.color ? "\033[33mwarning:\033[0m " : "warning: ") + message + "\n");
}

void RunDisplay::Print(const std::string& text) {
  ClearProgress();
  io_.err << text;
  io_.err.flush();
  DrawProgress();
}

void RunDisplay::DrawProgress() {
  if (!tty_ || closed_ || job_.empty()) return;
  auto elapsed =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_)
          .count();
  int64_t limit = std::chrono::duration_cast<std::chrono::seconds>(timeout_).count();
  io_.err << "\r\033[K"
          << "job/" << job_ << " " << phase_ << "  " << FormatSeconds(elapsed) << "/"
          << FormatSeconds(limit);
  io_.err.flush();
  progress_shown_ = true;
}

void RunDisplay::ClearProgress() {
  if (!progress_shown_) return;
  io_.err << "\r\033[K";
  io_.err.flush();
  progress_shown_ = false;
}

}  // namespace km::cli
