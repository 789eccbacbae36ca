#pragma once

#include <string>
#include <vector>

namespace km::testing {

// The "event" names of kubectl-migrate's JSON-lines output, in order.
std::vector<std::string> EventNames(const std::string& json_lines);

// A field of the first event named `event`, as text (numbers and booleans
// too); "" when there is no such event or field.
std::string EventField(const std::string& json_lines, const std::string& event,
                       const std::string& field);

// Every value of `field` across events named `event`.
std::vector<std::string> EventFields(const std::string& json_lines, const std::string& event,
                                     const std::string& field);

}  // namespace km::testing
