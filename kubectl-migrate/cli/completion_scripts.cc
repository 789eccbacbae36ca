// The shell side of completion: small functions that hand the words typed so far
// to `kubectl-migrate completion words -- ...` and turn its Cobra-format answer
// (candidates, then ":<directive>") into the shell's completions.
#include "cli/completion.h"

namespace km::cli {

std::string BashCompletionScript() {
  return R"sh(# bash completion for kubectl-migrate (from `kubectl-migrate completion bash`).
#   source <(kubectl-migrate completion bash)      # e.g. in ~/.bashrc
# Candidates come from the binary's own command table: kubectl-migrate completion words -- WORDS...
# `kubectl migrate <TAB>` needs kubectl_complete-migrate on PATH instead (it ships beside the binary).
_kubectl_migrate() {
  local line=${COMP_LINE:0:COMP_POINT} out directive candidate cur
  local -a words candidates=()
  read -r -a words <<<"$line"
  [[ $line =~ [[:space:]]$ ]] && words+=("")
  ((${#words[@]} >= 2)) || return 0
  cur=${words[-1]}
  out=$("${words[0]}" completion words -- "${words[@]:1}" 2>/dev/null) || return 0
  directive=${out##*:}
  while IFS= read -r candidate; do
    [[ -n $candidate && $candidate != :* ]] && candidates+=("${candidate%%$'\t'*}")
  done <<<"$out"
  COMPREPLY=()
  if ((directive & 16)); then
    mapfile -t COMPREPLY < <(compgen -d -- "$cur")
  elif ((${#candidates[@]})); then
    COMPREPLY=("${candidates[@]}")
    # bash splits "--output=j" at "=": the word being completed is only what follows it
    [[ $cur == *=* && $COMP_WORDBREAKS == *=* ]] && COMPREPLY=("${COMPREPLY[@]#*=}")
    ((directive & 2)) && compopt -o nospace
  elif ((!(directive & 4))); then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}
complete -F _kubectl_migrate kubectl-migrate
)sh";
}

std::string ZshCompletionScript() {
  return R"sh(#compdef kubectl-migrate
# zsh completion for kubectl-migrate (from `kubectl-migrate completion zsh`).
#   source <(kubectl-migrate completion zsh)       # in ~/.zshrc, after compinit
#   kubectl-migrate completion zsh > "${fpath[1]}/_kubectl-migrate"   # or autoload it
# Candidates come from the binary's own command table: kubectl-migrate completion words -- WORDS...
_kubectl-migrate() {
  local out directive line
  local -a lines candidates
  out=$(${words[1]} completion words -- "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("${(@f)out}")
  directive=${lines[-1]#:}
  lines=("${(@)lines[1,-2]}")
  if (( directive & 16 )); then
    _path_files -/
    return
  fi
  for line in "${lines[@]}"; do
    [[ -n $line ]] || continue
    if [[ $line == *$'\t'* ]]; then
      candidates+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
    else
      candidates+=("${line//:/\\:}")
    fi
  done
  if (( ${#candidates} )); then
    if (( directive & 2 )); then
      _describe -t values kubectl-migrate candidates -S ''
    else
      _describe -t values kubectl-migrate candidates
    fi
  elif (( !(directive & 4) )); then
    _files
  fi
}
if [[ "$funcstack[1]" == "_kubectl-migrate" ]]; then
  _kubectl-migrate "$@"
else
  compdef _kubectl-migrate kubectl-migrate
fi
)sh";
}

}  // namespace km::cli
