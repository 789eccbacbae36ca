#!/usr/bin/env bash
# write:  the kubeconfig input ($KM_KUBECONFIG_CONTENT) to a file only the runner user can
#         read, under $RUNNER_TEMP; output `path` ("" when the input is empty: then
#         $KUBECONFIG or ~/.kube/config is used, like kubectl).
# remove: deletes that file (the Action's last step, run whatever happened).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case ${1:-} in
  write)
    if [[ -z ${KM_KUBECONFIG_CONTENT:-} ]]; then
      set_output path ""
      exit 0
    fi
    umask 077
    file=$(mktemp "${RUNNER_TEMP:-/tmp}/kubectl-migrate-kubeconfig.XXXXXXXX")
    printf '%s\n' "$KM_KUBECONFIG_CONTENT" >"$file"
    chmod 600 "$file"
    set_output path "$file"
    ;;
  remove)
    [[ -n ${KM_KUBECONFIG:-} ]] && rm -f -- "$KM_KUBECONFIG"
    exit 0
    ;;
  *) echo "usage: $0 write|remove" >&2; exit 2 ;;
esac
