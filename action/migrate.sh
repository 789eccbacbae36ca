#!/usr/bin/env bash
# Runs the migration Job (`kubectl-migrate run -o json`): its logs in a collapsed
# group, then outcome, durations, schema version and rollbacks in the job summary,
# failures, drift and out-of-order migrations as error annotations, and the step
# outputs job-name, outcome, applied-count, schema-version. Exits with run's code.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

report=$RUNNER_TEMP/kubectl-migrate-run.json
log=$RUNNER_TEMP/kubectl-migrate-run.log
run_args

status=0
echo "::group::Migration Job: logs of every attempt"
# Logs are the database's and the migrations' text: workflow commands stay off for them.
commands_off
# stderr (progress and the Job's logs) to the step log and $log; stdout (the report) to $report.
"$KM_BIN" run "${RUN_ARGS[@]}" -o json 2>&1 >"$report" | tee "$log" || status=$?
commands_on
echo "::endgroup::"

# What the runner reported inside the Job, once per distinct problem.
jq -R -r 'sub("^\\[[^]]*\\] "; "") | fromjson? | select(type == "object")
    | select(.event | IN("migration_failed", "drift", "out_of_order", "unknown_row", "alert"))
    | [.event, (.tag // ""), (if .event == "migration_failed"
        then "statement \(.statement) of \(.statements): \(.sqlstate // "") \(.message // "")"
        else .message // "took \(.duration_ms) ms (threshold \(.threshold_ms) ms)" end)] | @tsv' \
  "$log" | sort -u | while IFS=$'\t' read -r event tag message; do
  level=error
  [[ $event == alert ]] && level=warning
  annotate "$level" "$event${tag:+ $tag}" "$message"
done

if [[ ! -s $report ]]; then
  reason=$(sed -n 's/^kubectl-migrate: error: //p' "$log" | tail -n 1)
  annotate error "Migration not started" "${reason:-kubectl-migrate run exited $status}"
  printf '### Migration not started\n\n%s\n\n' "${reason:-exit $status}" | summary
  exit "$status"
fi

set_output job-name "$(jq -r .job "$report")"
set_output outcome "$(jq -r .outcome "$report")"
# Over all attempts (an attempt evicted after its commits is followed by one that applies 0);
# empty when no runner line could be read.
set_output applied-count "$(jq -r '.applied // ""' "$report")"
set_output schema-version "$(jq -r '.runner.schema_version // ""' "$report")"

jq -r '
  def secs: if . == null then "–" else "\(. / 1000 * 10 | round / 10) s" end;
  "### Migration \(if .succeeded then "succeeded ✅" else "\(.outcome) ❌" end)", "",
  "| | |", "|---|---|",
  "| Job | `\(.namespace)/\(.job)` |",
  "| outcome | \(.outcome)\(if .reason != "" then " (\(.reason))" else "" end) |",
  "| duration | \(.duration_ms | secs) |",
  "| applied | \(.applied // "–") |",
  "| pending | \(.runner.pending // "–") |",
  "| schema version | `\(.runner.schema_version // "unknown")` |",
  (if .detail != "" and (.succeeded | not) then "| detail | \(.detail) |" else empty end),
  "",
  "| attempt | pod | exit code | duration |", "|---|---|---|---|",
  (.attempts | to_entries[] | "| \(.key + 1) | `\(.value.pod)` | \(.value.exit_code // "–") | \(.value.duration_ms | secs) |"),
  "",
  (if (.rollbacks | length) > 0 then
    "| rollback | result | |", "|---|---|---|",
    (.rollbacks[] | "| deployment/\(.deployment) | \(.result) | \(.message) |"), ""
  else empty end)' "$report" | summary

if ((status != 0)); then
  annotate error "Migration $(jq -r .outcome "$report")" \
    "$(sed -n 's/^kubectl-migrate: error: //p' "$log" | tail -n 1)"
fi
exit "$status"
