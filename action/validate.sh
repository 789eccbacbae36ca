#!/usr/bin/env bash
# The Action's first step: every input checked, and every tool the scripts use found, before
# anything is downloaded, built or contacted. Anything wrong is ONE `::error` annotation
# listing every problem, and exit 2. Outputs the inputs normalized (booleans `true`/`false`,
# lower case), so later steps never meet `yes`, `True` or a typo:
#   mode, install, migrate-when, lint, fail-on-modified, approve-destructive, require-approval,
#   require-other-reviewer, use-runner-kubeconfig, lint-fail-on, migrations, migrations-given
#
# The inputs arrive as KM_IN_<NAME> (upper case, - as _).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

problems=()
problem() { problems+=("$1"); }

# boolean NAME: YAML 1.2's true/false spellings; anything else ("yes", "ture", "") is refused.
boolean() {
  local name=$1 var value
  var=KM_IN_$(tr 'a-z-' 'A-Z_' <<<"$name")
  value=${!var-}
  case $value in
    true | True | TRUE) set_output "$name" true ;;
    false | False | FALSE) set_output "$name" false ;;
    *) problem "$name: \"$value\" is not a boolean (true or false)" ;;
  esac
}

# choice NAME ALLOWED...: one of the allowed words (case-insensitive, output in lower case).
choice() {
  local name=$1 var value
  var=KM_IN_$(tr 'a-z-' 'A-Z_' <<<"$name")
  value=$(tr 'A-Z' 'a-z' <<<"${!var-}")
  shift
  local allowed
  for allowed in "$@"; do
    if [[ $value == "$allowed" ]]; then
      set_output "$name" "$value"
      return
    fi
  done
  local list
  list=$(printf '%s, ' "$@")
  problem "$name: \"${!var-}\" is not one of ${list%, }"
}

choice mode plan migrate
choice install release source
choice migrate-when always changed
choice lint-fail-on error warning none
for name in lint fail-on-modified approve-destructive require-approval require-other-reviewer \
  use-runner-kubeconfig; do
  boolean "$name"
done

mode=$(tr 'A-Z' 'a-z' <<<"${KM_IN_MODE-}")
runner_kubeconfig=$(tr 'A-Z' 'a-z' <<<"${KM_IN_USE_RUNNER_KUBECONFIG-}")
if [[ $mode == migrate && -z ${KM_IN_KUBECONFIG-} && $runner_kubeconfig != true ]]; then
  problem "kubeconfig: empty in migrate mode (a missing secret?); pass the cluster's kubeconfig, or set use-runner-kubeconfig: true to use the runner's own \$KUBECONFIG or ~/.kube/config"
fi
if [[ -n ${KM_IN_KUBECONFIG-} && $runner_kubeconfig == true ]]; then
  problem "kubeconfig and use-runner-kubeconfig: true both given; choose one"
fi
if [[ -n ${KM_IN_VERSION-} && ! ${KM_IN_VERSION} =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  problem "version: \"$KM_IN_VERSION\" is not a release version like 0.2.0"
fi

# The migrations folder: the input; else the project file's `migrations:` (relative to the
# file, found at the repository root); else `migrations`. migrations-given says whether `run`
# gets --migrations (the input was set, or no project file names a folder): otherwise the
# project file decides, as on a developer's machine.
migrations=${KM_IN_MIGRATIONS-}
given=true
if [[ -z $migrations ]]; then
  project=${GITHUB_WORKSPACE:-$PWD}/kubectl-migrate.yaml
  from_file=""
  [[ -f $project ]] && from_file=$(sed -n -E 's/^migrations:[[:space:]]*["'\'']?([^"'\''#[:space:]]+)["'\'']?[[:space:]]*(#.*)?$/\1/p' "$project" | head -n 1)
  if [[ -n $from_file ]]; then
    migrations=$from_file
    given=false
  else
    migrations=migrations
  fi
fi
set_output migrations "$migrations"
set_output migrations-given "$given"

# Tools: what the scripts call, checked here instead of failing halfway (a missing jq used to
# surface after the Job had run, with its outputs and summary lost).
tools=(jq sed awk od tr mktemp sha256sum head tail sort cut tee dirname date)
install=$(tr 'A-Z' 'a-z' <<<"${KM_IN_INSTALL-}")
if [[ -z ${KM_IN_KUBECTL_MIGRATE-} ]]; then
  case $install in
    release) tools+=(curl tar gzip uname find) ;;
    source) tools+=(cmake ninja c++ find xargs) ;;
  esac
fi
missing=()
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
((${#missing[@]} == 0)) || problem "missing on the runner: ${missing[*]} (install them before this step)"

if ((${#problems[@]} > 0)); then
  message=$(printf '%s; ' "${problems[@]}")
  message=${message%; }
  annotate error "Invalid input to kubectl-migrate" "$message"
  printf '### kubectl-migrate did not start\n\n' | summary
  printf -- '- %s\n' "${problems[@]}" | summary
  echo "Nothing was installed, contacted or changed." | summary
  exit 2
fi
echo "inputs checked: mode $mode, migrations $migrations"
