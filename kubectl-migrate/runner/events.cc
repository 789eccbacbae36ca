#include "runner/events.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ostream>

#include "util/clock.h"

namespace km::runner {

const FieldValue* Event::Find(const std::string& key) const {
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Event::String(const std::string& key) const {
  const FieldValue* value = Find(key);
  return value && std::holds_alternative<std::string>(*value) ? std::get<std::string>(*value) : "";
}

int64_t Event::Int(const std::string& key) const {
  const FieldValue* value = Find(key);
  return value && std::holds_alternative<int64_t>(*value) ? std::get<int64_t>(*value) : 0;
}

bool Event::Bool(const std::string& key) const {
  const FieldValue* value = Find(key);
  return value && std::holds_alternative<bool>(*value) && std::get<bool>(*value);
}

std::string EventToJson(const Event& event, const std::string& timestamp) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("ts");
  writer.String(timestamp.c_str(), static_cast<rapidjson::SizeType>(timestamp.size()));
  writer.Key("level");
  writer.String(event.level.c_str(), static_cast<rapidjson::SizeType>(event.level.size()));
  writer.Key("event");
  writer.String(event.name.c_str(), static_cast<rapidjson::SizeType>(event.name.size()));
  for (const auto& [key, value] : event.fields) {
    writer.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
    if (const auto* s = std::get_if<std::string>(&value)) {
      writer.String(s->c_str(), static_cast<rapidjson::SizeType>(s->size()));
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      writer.Int64(*i);
    } else {
      writer.Bool(std::get<bool>(value));
    }
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void JsonLinesSink::Emit(const Event& event) {
  out_ << EventToJson(event, NowRfc3339()) << '\n';
  out_.flush();
}

}  // namespace km::runner
