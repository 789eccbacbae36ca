#!/usr/bin/env bash
# Whether the plan and the migration Job run: outputs `plan` and `migrate` (true/false).
# migrate-when `always` (the default): whenever the mode says so; the runner applies what the
# database lacks, so a migration left unapplied by a cancelled, rejected or failed run is
# applied by the next deploy. `changed`: only when the range touched the migrations folder.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

run=false
if [[ $KM_MIGRATE_WHEN == always || ${KM_CHANGED:-} == true ]]; then
  run=true
fi
plan=false migrate=false
[[ $KM_MODE == plan ]] && plan=$run
[[ $KM_MODE == migrate ]] && migrate=$run
set_output plan "$plan"
set_output migrate "$migrate"
if [[ $run == false ]]; then
  echo "No migration changes in the range and migrate-when: changed: the Job does not run."
  printf 'No migration changes in the range and `migrate-when: changed`: no Job ran.\n\n' | summary
elif [[ $KM_MODE == migrate && ${KM_CHANGED:-} != true ]]; then
  echo "No migration changes in the range: the Job runs anyway and applies whatever the database lacks (migrate-when: always)."
fi
