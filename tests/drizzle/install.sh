#!/usr/bin/env bash
# Install the pinned Node dependencies of a folder (default: this one) with `npm ci`,
# skipping the install when node_modules already matches package-lock.json.
#   tests/drizzle/install.sh [DIR]      e.g. tests/drizzle/install.sh migrations/schema
# Exit 0 when node_modules is ready. Prints one line saying what it did.
set -euo pipefail
dir=${1:-$(dirname "$0")}
cd "$dir"
[ -f package-lock.json ] || { echo "install.sh: no package-lock.json in $PWD" >&2; exit 1; }
command -v npm >/dev/null || { echo "install.sh: npm not found (Node 20+ needed)" >&2; exit 1; }

# The stamp ties node_modules to the exact lockfile and Node major version it was installed for.
want="$(sha256sum package-lock.json | cut -d' ' -f1) node$(node -p 'process.versions.node.split(".")[0]')"
stamp=node_modules/.kubectl-migrate-install-stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "install.sh: $PWD/node_modules is up to date"
  exit 0
fi
start=$(date +%s.%N)
# --ignore-scripts: nothing here needs install scripts (esbuild's binary comes from its
# @esbuild/<platform> package), and it keeps npm 10 and npm 11 behaving the same.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
echo "$want" > "$stamp"
awk -v s="$start" -v e="$(date +%s.%N)" -v d="$PWD" 'BEGIN { printf "install.sh: npm ci in %s took %.1fs\n", d, e - s }'
