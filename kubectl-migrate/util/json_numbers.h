#pragma once

#include <rapidjson/document.h>

#include <string_view>

namespace km {

// Parses `text` into `doc` like rapidjson's default Parse, except that numbers are read
// exactly: an integer that fits 64 bits as that integer, any other number as the nearest
// double (std::from_chars rounds correctly). So a document written by rapidjson's Writer
// reads back as the same values, however often it goes round.
//
// Why not rapidjson's own: its default number parser can land one unit in the last place
// off for long numbers (a 163-digit number in a run history changed on every write and
// read: found by fuzz_run_history), and the full-precision one in 1.1.0 passes 0 to
// clz() (undefined behaviour, reported by UBSan).
//
// A number beyond a double's range (1e999, or 1e-999) stops the parse:
// kParseErrorTermination at the offset where the number starts. Call JsonNestedTooDeep first, as
// for Parse.
rapidjson::ParseResult ParseJsonExactNumbers(rapidjson::Document& doc, std::string_view text);

}  // namespace km
