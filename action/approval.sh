#!/usr/bin/env bash
# Refuses to go on unless THIS attempt of the workflow run was held for the environment's
# required reviewers and released by an approval (and, when asked, possibly by nobody but
# someone other than who started this attempt: github.triggering_actor, who re-ran it).
# Step output `approved-by`. The token reaches kubectl-migrate through its environment only.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

args=(approval --repo "$KM_REPOSITORY" --run-id "$KM_RUN_ID" --run-attempt "${KM_RUN_ATTEMPT:-1}"
  --environment "$KM_ENVIRONMENT" -o json)
[[ -n ${KM_SHA:-} ]] && args+=(--sha "$KM_SHA")
# (github.triggering_actor; the API's triggering_actor of the attempt never counts either)
[[ ${KM_REQUIRE_OTHER_REVIEWER:-false} == true ]] && args+=(--require-other-than "${KM_TRIGGERING_ACTOR:-$KM_ACTOR}")

decision=$RUNNER_TEMP/kubectl-migrate-approval.json
errors=$RUNNER_TEMP/kubectl-migrate-approval.err
status=0
GITHUB_TOKEN=$KM_GITHUB_TOKEN GITHUB_API_URL=$KM_GITHUB_API_URL \
  "$KM_BIN" "${args[@]}" >"$decision" 2>"$errors" || status=$?
cat "$errors" >&2

if ((status == 0)); then
  approver=$(jq -r .approver "$decision")
  set_output approved-by "$approver"
  evidence=$(jq -r .evidence "$decision")
  echo "Approved for $KM_ENVIRONMENT by $approver: $evidence"
  printf '### Approved for `%s` by %s\n\n%s\n\n' "$KM_ENVIRONMENT" "$approver" "$evidence" | summary
  exit 0
fi

reason=$(sed -n 's/^kubectl-migrate: error: //p' "$errors" | tail -n 1)
title="Not approved for $KM_ENVIRONMENT"
((status == 11)) || title="Approval check failed"  # 7: GitHub API error, 2: configuration
annotate error "$title" "${reason:-kubectl-migrate approval exited $status}"
printf '### Not migrated: %s\n\n%s\n\nNo Job was created.\n\n' "$title" "${reason:-exit $status}" | summary
exit "$status"
