#!/usr/bin/env bash
# The reviewers' view, written to the job summary before anyone approves: the SQL of
# every added or edited migration file at the head commit, and the Job `run` would
# create (`run --dry-run`). Reads the report of changed.sh.
#
# The SQL comes from git, not from `plan` against the database: in a deploy to k3s the
# database is reachable only inside the cluster, and the plan job has no cluster
# credentials (they are environment secrets, released after approval). The migrate
# step prints what really ran, statement by statement, in its log and summary.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

report=$RUNNER_TEMP/kubectl-migrate-changed.json
max_bytes=60000

show_sql() {
  local file=$1 text fence
  text=$(head -c "$max_bytes" -- "$file")
  fence=$(fence_for "$text")
  echo "<details open><summary><code>$file</code></summary>"
  echo
  printf '%ssql\n%s\n%s\n' "$fence" "$text" "$fence"
  (($(wc -c <"$file") > max_bytes)) && echo "_(first $max_bytes bytes shown)_"
  echo "</details>"
  echo
}

dry_run() {
  local kubeconfig=${KM_KUBECONFIG:-}
  # --dry-run contacts nothing; with -n it reads no kubeconfig either. Without -n it
  # takes the namespace from a kubeconfig: lacking cluster credentials in this job, a
  # placeholder one gives it the namespace.
  if [[ -z $kubeconfig && -z ${KUBECONFIG:-} && ! -f $HOME/.kube/config ]]; then
    kubeconfig=$RUNNER_TEMP/kubectl-migrate-placeholder-kubeconfig
    printf '%s\n' 'apiVersion: v1' 'kind: Config' 'current-context: plan' \
      'clusters: [{name: plan, cluster: {server: "https://kubernetes.invalid"}}]' \
      'users: [{name: plan, user: {}}]' \
      "contexts: [{name: plan, context: {cluster: plan, user: plan, namespace: \"${KM_NAMESPACE:-default}\"}}]" \
      >"$kubeconfig"
  fi
  KM_KUBECONFIG=$kubeconfig run_args
  "$KM_BIN" run "${RUN_ARGS[@]}" --dry-run
}

mapfile -t sql_files < <(jq -r --arg dir "$KM_MIGRATIONS" \
  '.files[] | select(.status != "deleted" and (.path | endswith(".sql"))) | .path' "$report")
mapfile -t tags < <(jq -r '.added_tags[]' "$report")

job=$(dry_run | awk '/^---$/ { doc = ""; next } { doc = doc $0 "\n" } END { printf "%s", doc }')

{
  echo "### Migrations this range adds (${#tags[@]}: ${tags[*]:-none})"
  echo
  if [[ ${KM_MIGRATE_WHEN:-always} == always ]]; then
    echo "> [!IMPORTANT]"
    echo "> The Job applies **every migration the database lacks**, not only these: migrations"
    echo "> left unapplied by earlier runs (cancelled by the concurrency group, rejected at"
    echo "> approval, or failed) run too, in journal order. Its log and summary list each one."
    echo
  fi
  for file in "${sql_files[@]}"; do show_sql "$file"; done
  echo "### The Job that will run"
  echo
  fence=$(fence_for "$job")
  printf '%syaml\n%s\n%s\n\n' "$fence" "$job" "$fence"
} | summary

echo "Migrations this range adds: ${tags[*]:-none}"
[[ ${KM_MIGRATE_WHEN:-always} == always ]] &&
  echo "The Job also applies any migration earlier runs left unapplied (the database decides)."
echo "::group::The Job that will run"
commands_off
printf '%s\n' "$job"
commands_on
echo "::endgroup::"
