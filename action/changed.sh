#!/usr/bin/env bash
# Which migration files the pushed range (or pull request) changed: `kubectl-migrate
# changed` writes the step outputs changed, files, added_tags, modifies_existing and
# $RUNNER_TEMP/kubectl-migrate-changed.json; this adds a section to the job summary.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

report=$RUNNER_TEMP/kubectl-migrate-changed.json
base=${KM_BASE:-}
# A new branch, a workflow_dispatch or a schedule has no `before`: compare from the
# default branch (all zeros means exactly that to `changed`).
[[ -n $base ]] || base=0000000000000000000000000000000000000000
args=(changed --base "$base" --head "${KM_HEAD:-HEAD}" --path "$KM_MIGRATIONS" -o json
  --github-output "$GITHUB_OUTPUT")
[[ -n ${KM_DEFAULT_BRANCH:-} ]] && args+=(--default-branch "$KM_DEFAULT_BRANCH")
[[ ${KM_FAIL_ON_MODIFIED:-false} == true ]] && args+=(--fail-on-modified)

status=0
"$KM_BIN" "${args[@]}" >"$report" || status=$?

{
  echo "### Migrations changed in \`$KM_MIGRATIONS\`"
  echo
  if [[ ! -s $report ]]; then
    echo "Change detection failed (exit $status): see the step log."
  elif [[ $(jq -r .changed "$report") == true ]]; then
    jq -r '"Range: `\(.range.from // "(empty tree)" | .[0:12])..\(.range.to[0:12])` (\(.range.kind))",
      "",
      "| status | file |", "|---|---|",
      (.files[] | "| \(.status) | `\(.path)`\(if .old_path then " (was `\(.old_path)`)" else "" end)\(if .modifies_existing then " ⚠️ edits an existing migration" else "" end) |")' "$report"
  else
    echo "No migration changes between \`${base:0:12}\` and \`${KM_HEAD:-HEAD}\`."
  fi
  echo
} | summary

[[ -s $report ]] || exit "$status"
jq -r '.modified_existing[].message' "$report" | while IFS= read -r message; do
  annotate warning "Edited migration" "$message"
done
if [[ $(jq -r .changed "$report") != true ]]; then
  echo "No migration changes between ${base:0:12} and ${KM_HEAD:-HEAD} under $KM_MIGRATIONS."
fi
exit "$status"
