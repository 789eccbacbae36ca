# shellcheck shell=bash
# Helpers shared by the Action's step scripts (sourced, not run).
# Workflow commands and files: https://docs.github.com/actions/reference/workflow-commands-for-github-actions

# Message text of a workflow command: % CR LF escaped as %25 %0D %0A.
escape_data() {
  local s=$1
  s=${s//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  s=${s//$'\n'/'%0A'}
  printf '%s' "$s"
}

# A property value (title=...): also : and , escaped.
escape_property() {
  local s
  s=$(escape_data "$1")
  s=${s//':'/'%3A'}
  s=${s//','/'%2C'}
  printf '%s' "$s"
}

# annotate error|warning|notice TITLE MESSAGE
annotate() {
  printf '::%s title=%s::%s\n' "$1" "$(escape_property "$2")" "$(escape_data "$3")"
}

# set_output NAME VALUE: a step output; multi-line values use a random delimiter.
set_output() {
  local delimiter
  delimiter="ghadelimiter_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s<<%s\n%s\n%s\n' "$1" "$delimiter" "$2" "$delimiter" >>"$GITHUB_OUTPUT"
}

# summary: appends stdin (Markdown) to the job summary.
summary() {
  cat >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
}

# Text from elsewhere (migration logs, SQL) goes between commands_off and commands_on:
# workflow commands are ignored there, so a line like "::error::" in it stays text.
commands_off() {
  COMMANDS_TOKEN="km-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  echo "::stop-commands::$COMMANDS_TOKEN"
}
commands_on() {
  echo "::$COMMANDS_TOKEN::"
}

# Markdown code fence long enough for TEXT (one more backtick than its longest run).
fence_for() {
  local fence='```'
  while [[ $1 == *"$fence"* ]]; do fence+='`'; done
  printf '%s' "$fence"
}

# kube_args: the kubectl-migrate flags for the cluster from the step's environment.
kube_args() {
  KUBE_ARGS=()
  [[ -n ${KM_KUBECONFIG:-} ]] && KUBE_ARGS+=(--kubeconfig "$KM_KUBECONFIG")
  [[ -n ${KM_CONTEXT:-} ]] && KUBE_ARGS+=(--context "$KM_CONTEXT")
  [[ -n ${KM_NAMESPACE:-} ]] && KUBE_ARGS+=(-n "$KM_NAMESPACE")
  return 0
}

# run_args: RUN_ARGS, the `kubectl-migrate run` flags for the inputs the user set, and only
# those: what they leave empty, the project file (kubectl-migrate.yaml) or run's defaults decide.
# --migrations when the input named a folder or no project file does (KM_MIGRATIONS_GIVEN).
run_args() {
  kube_args
  RUN_ARGS=("${KUBE_ARGS[@]}")
  local target
  [[ ${KM_MIGRATIONS_GIVEN:-true} == true && -n ${KM_MIGRATIONS:-} ]] && RUN_ARGS+=(--migrations "$KM_MIGRATIONS")
  [[ -n ${KM_TIMEOUT:-} ]] && RUN_ARGS+=(--timeout "$KM_TIMEOUT")
  [[ -n ${KM_APP:-} ]] && RUN_ARGS+=(--app "$KM_APP")
  [[ -n ${KM_IMAGE:-} ]] && RUN_ARGS+=(--image "$KM_IMAGE")
  [[ -n ${KM_ENV_SECRET:-} ]] && RUN_ARGS+=(--env-secret "$KM_ENV_SECRET")
  [[ -n ${KM_MANIFEST:-} ]] && RUN_ARGS+=(--manifest "$KM_MANIFEST")
  [[ -n ${KM_APPROVED_BY:-} ]] && RUN_ARGS+=(--approved-by "$KM_APPROVED_BY")
  for target in ${KM_ROLLBACK:-}; do RUN_ARGS+=(--rollback "$target"); done
  return 0
}
