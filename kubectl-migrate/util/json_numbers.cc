#include "util/json_numbers.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace km {
namespace {

using rapidjson::SizeType;

// Passes the reader's events to the document; numbers arrive as their text
// (kParseNumbersAsStringsFlag) and are converted here.
class ExactNumbers {
 public:
  explicit ExactNumbers(rapidjson::Document& doc) : doc_(doc) {}

  bool RawNumber(const char* text, SizeType length, bool /*copy*/) {
    std::string_view number(text, length);
    const char* end = text + length;
    if (number.find_first_of(".eE") == std::string_view::npos) {
      if (number.front() == '-') {
        int64_t value = 0;
        if (auto [ptr, ec] = std::from_chars(text, end, value); ec == std::errc() && ptr == end) {
          return doc_.Int64(value);
        }
      } else {
        uint64_t value = 0;
        if (auto [ptr, ec] = std::from_chars(text, end, value); ec == std::errc() && ptr == end) {
          return doc_.Uint64(value);
        }
      }
    }
    double value = 0;
    auto [ptr, ec] = std::from_chars(text, end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return false;
    return doc_.Double(value);
  }

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  // Not called with kParseNumbersAsStringsFlag; the reader's other branch still needs them.
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned i) { return doc_.Uint(i); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t i) { return doc_.Uint64(i); }
  bool Double(double d) { return doc_.Double(d); }
  bool String(const char* s, SizeType length, bool copy) { return doc_.String(s, length, copy); }
  bool StartObject() { return doc_.StartObject(); }
  bool Key(const char* s, SizeType length, bool copy) { return doc_.Key(s, length, copy); }
  bool EndObject(SizeType members) { return doc_.EndObject(members); }
  bool StartArray() { return doc_.StartArray(); }
  bool EndArray(SizeType elements) { return doc_.EndArray(elements); }

 private:
  rapidjson::Document& doc_;
};

}  // namespace

rapidjson::ParseResult ParseJsonExactNumbers(rapidjson::Document& doc, std::string_view text) {
  rapidjson::ParseResult result;
  auto generate = [&](rapidjson::Document& handler) {
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(stream);
    ExactNumbers exact(handler);
    rapidjson::Reader reader;
    result = reader.Parse<rapidjson::kParseNumbersAsStringsFlag>(input, exact);
    return !result.IsError();
  };
  doc.SetNull();
  doc.Populate(generate);
  return result;
}

}  // namespace km
