#include "util/yaml_stream.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <limits>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "util/utf8.h"

namespace km {
namespace {

uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

// Counts each document's values as they would be after alias expansion: a node's count
// is known when it ends, and an alias adds the count of the node its anchor names
// (yaml-cpp numbers anchors uniquely within a document, so a redefined name is a new id).
class AliasCounter : public YAML::EventHandler {
 public:
  const YamlAliasUse& Worst() const { return worst_; }

  void OnDocumentStart(const YAML::Mark&) override {
    current_ = {};
    open_.clear();
    open_anchors_.clear();
    sizes_.clear();
  }
  void OnDocumentEnd() override {
    bool worst_refused = YamlAliasProblem(worst_).has_value();
    if (!worst_refused && (YamlAliasProblem(current_) || current_.values > worst_.values)) {
      worst_ = current_;
    }
  }
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { Leaf(anchor); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Leaf(anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (open_anchors_.contains(anchor)) {
      if (current_.cycle_line == 0) current_.cycle_line = mark.line + 1;
      return;
    }
    auto size = sizes_.find(anchor);
    uint64_t values = size == sizes_.end() ? 1 : size->second;
    current_.alias_values = SaturatingAdd(current_.alias_values, values);
    Add(values);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct OpenNode {
    YAML::anchor_t anchor;
    uint64_t values;
  };

  void Add(uint64_t values) {
    if (open_.empty()) {
      current_.values = SaturatingAdd(current_.values, values);
    } else {
      open_.back().values = SaturatingAdd(open_.back().values, values);
    }
  }
  void Leaf(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) sizes_[anchor] = 1;
    Add(1);
  }
  void Open(YAML::anchor_t anchor) {
    open_.push_back({anchor, 1});
    if (anchor != YAML::NullAnchor) open_anchors_.insert(anchor);
  }
  void Close() {
    if (open_.empty()) return;
    OpenNode node = open_.back();
    open_.pop_back();
    if (node.anchor != YAML::NullAnchor) {
      open_anchors_.erase(node.anchor);
      sizes_[node.anchor] = node.values;
    }
    Add(node.values);
  }

  YamlAliasUse current_;
  YamlAliasUse worst_;
  std::vector<OpenNode> open_;
  std::unordered_set<YAML::anchor_t> open_anchors_;
  std::unordered_map<YAML::anchor_t, uint64_t> sizes_;
};

// go-yaml's allowedAliasRatio: the share of a document's values that may come from aliases.
double AllowedAliasShare(uint64_t values) {
  constexpr double kLow = 400'000, kHigh = 4'000'000;
  if (values <= kLow) return 0.99;
  if (values >= kHigh) return 0.10;
  return 0.99 - 0.89 * ((static_cast<double>(values) - kLow) / (kHigh - kLow));
}

}  // namespace

YamlStreamScan ScanYamlStream(const std::string& yaml, int max_documents) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  AliasCounter counter;
  YamlStreamScan scan;
  for (int documents = 0; documents <= max_documents; ++documents) {
    if (!parser.HandleNextDocument(counter)) {
      scan.ends = true;
      break;
    }
  }
  scan.aliases = counter.Worst();
  return scan;
}

bool YamlStreamEnds(const std::string& yaml, int max_documents) {
  return ScanYamlStream(yaml, max_documents).ends;
}

std::optional<std::string> YamlScalarUtf8(const std::string& scalar) {
  if (std::all_of(scalar.begin(), scalar.end(), [](char c) { return (c & 0x80) == 0; })) {
    return scalar;
  }
  std::string text;
  text.reserve(scalar.size() + 4);
  for (size_t at = 0; at < scalar.size();) {
    size_t length = Utf8SequenceLength(scalar, at);
    const unsigned char c = static_cast<unsigned char>(scalar[at]);
    if (length > 0) {
      text.append(scalar, at, length);
      at += length;
    } else if (c == 0x85 || c == 0xA0) {
      text += '\xC2';
      text += scalar[at];
      ++at;
    } else {
      return std::nullopt;
    }
  }
  return text;
}

std::optional<std::string> YamlAliasProblem(const YamlAliasUse& use) {
  if (use.cycle_line > 0) {
    return "line " + std::to_string(use.cycle_line) +
           ": an alias inside the value of its own anchor (a cycle)";
  }
  if (use.values > kMaxYamlValues) {
    return "more than " + std::to_string(kMaxYamlValues) + " values once aliases are expanded";
  }
  if (use.alias_values > 100 && use.values > 1000 &&
      static_cast<double>(use.alias_values) / static_cast<double>(use.values) >
          AllowedAliasShare(use.values)) {
    return "excessive aliasing: " + std::to_string(use.alias_values) + " of its " +
           std::to_string(use.values) + " values come from aliases";
  }
  return std::nullopt;
}

}  // namespace km
