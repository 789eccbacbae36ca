#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/client.h"

namespace km::kube {

// Splits a watch body into its JSON objects as chunks arrive: an object may span
// chunks and a chunk may hold several. Does not rely on newlines between objects.
class WatchDecoder {
 public:
  // Appends every object completed by `chunk` to `out`.
  void Feed(std::string_view chunk, std::vector<std::string>& out);
  // Bytes of an object not yet complete.
  size_t pending() const { return buffer_.size(); }

 private:
  std::string buffer_;
  size_t scanned_ = 0;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED or DELETED
  JsonDoc object;
};

struct ListWatchOptions {
  std::string path;  // a collection: GroupPath("batch/v1", ns, "jobs")
  std::string label_selector;
  std::string field_selector;
  // Called after each (re-)list with the number of items; return false to stop.
  std::function<bool(size_t items)> on_list;
};

using WatchHandler = std::function<bool(const WatchEvent&)>;

// Lists the collection, hands each item to `handler` as ADDED, then watches from
// the list's resourceVersion with bookmarks and hands over every change, until
// `handler` returns false (kReader) or `stop` fires. Resumes by itself from the
// last resourceVersion when the server ends the stream; re-lists when that
// version has expired (410, or an ERROR event with a 410 Status), handing objects
// deleted meanwhile over as DELETED. Retries transport errors and 429/5xx a few
// times with backoff, and 401/403 too once a list has succeeded (a restarted
// kube-apiserver forbids until its RBAC caches sync); other API errors are returned.
ApiResult<StreamEnd> ListWatch(Client& client, const ListWatchOptions& options,
                               const WatchHandler& handler, const Stop& stop);

}  // namespace km::kube
