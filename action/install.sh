#!/usr/bin/env bash
# Puts kubectl-migrate on the runner and sets the step output `path`.
#
#   install.sh release  the release archive of $KM_VERSION (default: this action's own version)
#                       for this OS and architecture from $KM_RELEASE_URL/v<version>/, checked
#                       against the release's <archive>.sha256, kept in the tool cache
#                       ($RUNNER_TOOL_CACHE/kubectl-migrate/<version>/<os>-<arch>/). A cached
#                       archive is checked against the release's .sha256 again on every use, and
#                       the binary is unpacked from it afresh into $RUNNER_TEMP: what runs is
#                       always bytes the release vouched for in this job.
#   install.sh source   a CMake build of this action's own source (the fallback, never the
#                       default): installs the Debian packages it lacks, 2-5 minutes, no cache
#   install.sh given    uses $KM_BINARY (input kubectl-migrate: a binary already on the runner)
#
# Anything wrong is one `::error` line and exit 1 (2 for usage).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

repo=$(cd "$(dirname "$0")/.." && pwd)
build_packages=(build-essential cmake ninja-build pkg-config libpq-dev libcurl4-openssl-dev
  libssl-dev libyaml-cpp-dev rapidjson-dev libgit2-dev libpg-query-dev)

fail() {  # fail MESSAGE: one annotation, exit 1
  annotate error "kubectl-migrate install" "$1"
  exit 1
}

now_ms() { date +%s%3N; }

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

project_version() {
  sed -n 's/^project(kubectl-migrate VERSION \([0-9][0-9.]*\).*/\1/p' "$repo/CMakeLists.txt"
}

platform() {  # sets PLATFORM: <os>-<arch> as the release names them
  local os arch
  case $(uname -s) in
    Linux) os=linux ;;
    *) fail "no release archive for $(uname -s): use install: source, or kubectl-migrate: PATH" ;;
  esac
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail "no release archive for $(uname -m): use install: source, or kubectl-migrate: PATH" ;;
  esac
  PLATFORM=$os-$arch
}

# expected_sha256 URL ARCHIVE: sets EXPECTED, the hex digest the release's .sha256 file gives
# for ARCHIVE (sha256sum format: "<64 hex>  <name>", the name optionally starting with "*").
# (Functions that can fail set variables: `fail` inside $(...) would only end the subshell.)
expected_sha256() {
  local url=$1 archive=$2 text hex name
  text=$(curl -fsSL --retry 3 --retry-delay 1 --max-time 60 "$url" 2>&1) ||
    fail "cannot download the checksum $url: ${text##*$'\n'}"
  read -r hex name <<<"$text"
  [[ $hex =~ ^[0-9a-fA-F]{64}$ && ${name#\*} == "$archive" ]] ||
    fail "checksum file $url is not \"<sha256>  $archive\" (got: ${text:0:120})"
  EXPECTED=$(tr 'A-F' 'a-f' <<<"$hex")
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

install_release() {
  local version platform archive base url cache expected actual source start unpack binary
  local download error says
  start=$(now_ms)
  version=${KM_VERSION:-$(project_version)}
  [[ -n $version ]] || fail "no version: set the version input"
  platform
  platform=$PLATFORM
  archive=kubectl-migrate-$version-$platform.tar.gz
  base=${KM_RELEASE_URL:-${GITHUB_SERVER_URL:-https://github.com}/${KM_ACTION_REPOSITORY:-${GITHUB_REPOSITORY:?}}/releases/download}
  url=${base%/}/v$version/$archive
  cache=${RUNNER_TOOL_CACHE:-$HOME/.cache}/kubectl-migrate/$version/$platform
  expected_sha256 "$url.sha256" "$archive"
  expected=$EXPECTED

  # Everything below works on a private copy in $RUNNER_TEMP: the bytes checked are the bytes
  # unpacked (nobody can swap the cached file in between), and a binary left in the tool cache
  # is never run.
  unpack=${RUNNER_TEMP:-/tmp}/kubectl-migrate-$version-$platform
  rm -rf "$unpack" && mkdir -p "$unpack"
  if [[ -f $cache/$archive ]]; then
    source="tool cache $cache"
    cp "$cache/$archive" "$unpack/$archive"
    actual=$(sha256_of "$unpack/$archive")
    [[ $actual == "$expected" ]] ||
      fail "cached $cache/$archive has sha256 $actual, the release's $archive.sha256 says $expected: refusing to run it (delete that file to download the release again)"
  else
    source=$url
    error=$(curl -fsSL --retry 3 --retry-delay 1 --max-time 600 -o "$unpack/$archive" "$url" 2>&1) ||
      fail "cannot download $url: ${error##*$'\n'}"
    actual=$(sha256_of "$unpack/$archive")
    [[ $actual == "$expected" ]] ||
      fail "downloaded $url has sha256 $actual, the release's $archive.sha256 says $expected: refusing to run it"
    mkdir -p "$cache"
    download=$(mktemp "$cache/.download.XXXXXXXX")
    cp "$unpack/$archive" "$download" && mv -f "$download" "$cache/$archive"
  fi
  tar -xzf "$unpack/$archive" -C "$unpack" || fail "cannot unpack $archive"
  rm -f "$unpack/$archive"
  binary=$(find "$unpack" -maxdepth 3 -path '*bin/kubectl-migrate' -type f | head -n 1)
  [[ -n $binary ]] || fail "$archive holds no bin/kubectl-migrate"
  says=$("$binary" version 2>&1 | head -n 1) ||
    fail "$binary does not start on this runner: $says"
  [[ $says == "kubectl-migrate $version "* ]] ||
    fail "$archive holds another version: $binary says \"$says\""
  echo "kubectl-migrate $version ($platform, sha256 ${expected:0:16}…) from $source in $(($(now_ms) - start)) ms"
  "$binary" version
  set_output path "$binary"
  set_output version "$version"
}

case ${1:-} in
  release) install_release ;;
  source)
    dir=${RUNNER_TEMP:-/tmp}/kubectl-migrate-source
    install_build_packages
    echo "::group::Building kubectl-migrate from $repo (install: source)"
    cmake -S "$repo" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DKM_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$dir/install"
    cmake --build "$dir/build" --target install
    echo "::endgroup::"
    "$dir/install/bin/kubectl-migrate" version
    set_output path "$dir/install/bin/kubectl-migrate"
    ;;
  given)
    binary=${KM_BINARY:?}
    [[ -x $binary ]] || { annotate error "kubectl-migrate" "input kubectl-migrate: $binary is not an executable file"; exit 2; }
    "$binary" version
    set_output path "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
    ;;
  *) echo "usage: $0 release|source|given" >&2; exit 2 ;;
esac
