#include "util/yaml_stream.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

namespace km {
namespace {

// Ignores every event: only HandleNextDocument's return value is wanted.
class NoEvents : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

bool YamlStreamEnds(const std::string& yaml, int max_documents) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  NoEvents events;
  for (int documents = 0; documents <= max_documents; ++documents) {
    if (!parser.HandleNextDocument(events)) return true;
  }
  return false;
}

}  // namespace km
