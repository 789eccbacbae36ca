#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace km::runner {

using FieldValue = std::variant<std::string, int64_t, bool>;

// One structured event of a run: lock waited/acquired/released, migration
// started/applied/failed, the summary. Field order is kept for output.
struct Event {
  std::string name;
  std::string level = "info";  // info, warn, error
  std::vector<std::pair<std::string, FieldValue>> fields;

  Event(std::string event_name, std::string event_level = "info")
      : name(std::move(event_name)), level(std::move(event_level)) {}
  Event& Add(std::string key, std::string value) { return Put(std::move(key), std::move(value)); }
  Event& Add(std::string key, const char* value) { return Put(std::move(key), std::string(value)); }
  Event& Add(std::string key, bool value) { return Put(std::move(key), value); }
  template <class Int>
    requires(std::is_integral_v<Int> && !std::is_same_v<Int, bool>)
  Event& Add(std::string key, Int value) {
    return Put(std::move(key), static_cast<int64_t>(value));
  }

  const FieldValue* Find(const std::string& key) const;
  std::string String(const std::string& key) const;  // "" when absent or not a string
  int64_t Int(const std::string& key) const;         // 0 when absent or not an int
  bool Bool(const std::string& key) const;

 private:
  Event& Put(std::string key, FieldValue value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
  }
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void Emit(const Event& event) = 0;
};

// One JSON object per line: {"ts":…,"level":…,"event":…,<fields>}.
class JsonLinesSink : public EventSink {
 public:
  explicit JsonLinesSink(std::ostream& out) : out_(out) {}
  void Emit(const Event& event) override;

 private:
  std::ostream& out_;
};

// Readable lines for a terminal.
class TextSink : public EventSink {
 public:
  TextSink(std::ostream& out, bool color) : out_(out), color_(color) {}
  void Emit(const Event& event) override;

 private:
  std::ostream& out_;
  bool color_;
};

// Serialises one event as a single-line JSON object (no newline).
std::string EventToJson(const Event& event, const std::string& timestamp);

}  // namespace km::runner
