#pragma once

#include <string>
#include <vector>

#include "kube/client.h"
#include "records/run_record.h"
#include "util/result.h"

namespace km::records {

// The run history of one app lives in ConfigMap `kubectl-migrate-runs-<app>` (ConfigMapName)
// in the app's namespace, labelled app.kubernetes.io/managed-by=kubectl-migrate and
// kubectl-migrate/app, key `runs.json` (HistoryJson). It has no owner: it outlives every Job.
// The Role needs get, create and patch on configmaps (manifests/rbac.yaml).

inline constexpr char kHistoryKey[] = "runs.json";

// "kubectl-migrate-runs-<app>": a DNS subdomain; an app name that is not one (upper case,
// '_', too long) is made one and given a hash of the original, so two apps never share it.
std::string ConfigMapName(const std::string& app);

// The app's history, newest first; empty when it has none (no ConfigMap). An API error
// (Forbidden, server down) keeps its code (7); a ConfigMap whose `runs.json` is not a
// history is a validation error (3) naming configmap/NAME.
Result<std::vector<RunRecord>> ReadHistory(kube::Client& client, const std::string& ns, const std::string& app);

// Adds `record` to the app's history (AddRecord, at most `max_records`): creates the
// ConfigMap, or patches it with its resourceVersion as a precondition, reading again and
// retrying on a conflict (another run saved at the same time). A history that cannot be
// read is replaced, and the returned note says so ("" otherwise).
Result<std::string> SaveRecord(kube::Client& client, const std::string& ns, const RunRecord& record,
                               size_t max_records = kDefaultMaxRecords);

}  // namespace km::records
