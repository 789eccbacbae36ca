#!/usr/bin/env bash
# `kubectl-migrate lint` on the migrations the range adds: annotations on the changed
# files, a findings table in the job summary, the outputs lint-errors, lint-warnings and
# lint-destructive (a finding that loses data or breaks the rollback target), and the exit
# status the `lint-fail-on` input asks for (error, warning or none).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

report=$RUNNER_TEMP/kubectl-migrate-lint.json
base=${KM_BASE:-}
[[ -n $base ]] || base=0000000000000000000000000000000000000000
args=(lint --dir "$KM_MIGRATIONS" --base "$base" --head "${KM_HEAD:-HEAD}")
[[ -n ${KM_DEFAULT_BRANCH:-} ]] && args+=(--default-branch "$KM_DEFAULT_BRANCH")

status=0
"$KM_BIN" "${args[@]}" -o json --fail-on none >"$report" || status=$?
if ((status != 0)) || [[ ! -s $report ]]; then
  { echo "### Lint"; echo; echo "Lint failed (exit $status): see the step log."; echo; } | summary
  exit "$status"
fi

# Annotations: GitHub shows them on the files of the pull request.
"$KM_BIN" "${args[@]}" -o github --fail-on none || true

errors=$(jq -r .summary.errors "$report")
warnings=$(jq -r .summary.warnings "$report")
destructive=$(jq -r '[.findings[] | select(.ignored | not) | select(.destructive or .breaks_rollback)]
  | if length > 0 then "true" else "false" end' "$report")
set_output lint-errors "$errors"
set_output lint-warnings "$warnings"
set_output lint-destructive "$destructive"

{
  echo "### Lint: $errors error(s), $warnings warning(s)"
  echo
  if [[ $(jq '.findings | length' "$report") == 0 ]]; then
    echo "No findings in the $(jq -r .summary.pending "$report") migration(s) this range adds."
  else
    echo "| | file | rule | table | lock | finding | safe alternative |"
    echo "|---|---|---|---|---|---|---|"
    jq -r '.findings[] | "| \(if .ignored then "ignored" elif .severity == "error" then "❌" else "⚠️" end)\(if .destructive or .breaks_rollback then " 🔙" else "" end) | `\(.file):\(.line)` | `\(.rule)` | \(.table | gsub("\\|"; "\\|")) | \(.lock) | \(.message | gsub("\\|"; "\\|"))\(if .ignored then " (ignored: \(.ignore_reason))" else "" end) | \(.fix | gsub("\\|"; "\\|")) |"' "$report"
    echo
    echo "🔙: loses data or breaks the app version \`run --rollback\` would return to."
  fi
  echo
} | summary

case ${KM_LINT_FAIL_ON:-error} in
  none) exit 0 ;;
  warning) ((errors + warnings == 0)) ;;
  error) ((errors == 0)) ;;
  *) echo "lint-fail-on must be error, warning or none, not \"$KM_LINT_FAIL_ON\"" >&2; exit 2 ;;
esac
