#!/usr/bin/env bash
# Puts kubectl-migrate on the runner and sets the step output `path`.
#
#   install.sh source   outputs `hash` (of the sources this action is built from) and `dir`
#                       (where that build lives; the workflow caches it by the hash)
#   install.sh build    builds into $KM_INSTALL_DIR unless a cached binary is already there
#   install.sh given    uses $KM_BINARY (input kubectl-migrate: a binary already on the runner)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

repo=$(cd "$(dirname "$0")/.." && pwd)
build_packages=(build-essential cmake ninja-build pkg-config libpq-dev libcurl4-openssl-dev
  libssl-dev libyaml-cpp-dev rapidjson-dev libgit2-dev libpg-query-dev)

source_hash() {
  (cd "$repo" && find CMakeLists.txt cmake kubectl-migrate manifests -type f -print0 | sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16)
}

install_build_packages() {
  local missing=() package sudo=""
  for package in "${build_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  echo "installing build packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

case ${1:-} in
  source)
    hash=$(source_hash)
    set_output hash "$hash"
    set_output dir "${RUNNER_TOOL_CACHE:-$HOME/.cache}/kubectl-migrate/$hash"
    ;;
  build)
    dir=${KM_INSTALL_DIR:?}
    if [[ -x $dir/bin/kubectl-migrate ]]; then
      echo "kubectl-migrate from the cache ($dir)"
    else
      install_build_packages
      echo "::group::Building kubectl-migrate from $repo"
      cmake -S "$repo" -B "$RUNNER_TEMP/kubectl-migrate-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DKM_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$dir"
      cmake --build "$RUNNER_TEMP/kubectl-migrate-build" --target install
      echo "::endgroup::"
    fi
    "$dir/bin/kubectl-migrate" version
    set_output path "$dir/bin/kubectl-migrate"
    ;;
  given)
    binary=${KM_BINARY:?}
    [[ -x $binary ]] || { annotate error "kubectl-migrate" "input kubectl-migrate: $binary is not an executable file"; exit 2; }
    "$binary" version
    set_output path "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
    ;;
  *) echo "usage: $0 source|build|given" >&2; exit 2 ;;
esac
