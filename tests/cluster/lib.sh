# Shared helpers for tests/cluster/{up,down,restart-apiserver}; sourced, not run.

die() { echo "cluster: $*" >&2; exit 1; }
log() { printf '[cluster %s] %s\n' "$(date +%T.%2N)" "$*" >&2; }

cluster_dir() { # absolute DIR, created; no whitespace (the env file is plain KEY=value)
  [[ -n ${1:-} ]] || die "usage: $(basename "$0") DIR"
  mkdir -p "$1" && D=$(cd "$1" && pwd)
  [[ $D != *[[:space:]]* ]] || die "DIR must not contain whitespace: $D"
}

# free_port: a TCP port nobody listens on now and that this run has not handed out yet.
_used_ports=" "
free_port() {
  local p
  for _ in $(seq 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    [[ $_used_ports == *" $p "* ]] && continue
    if [[ -z $(ss -Htln "sport = :$p") ]]; then _used_ports+="$p "; echo "$p"; return; fi
  done
  die "no free port found"
}

# start NAME CMD...: writes DIR/run/NAME.sh and runs it in a new session (process group) with its
# output in DIR/logs/NAME.log and the group id in DIR/pids/NAME. Every process carries
# KM_CLUSTER_DIR=DIR in its environment, which down checks before killing anything.
write_run_script() {
  local name=$1; shift
  { echo '#!/usr/bin/env bash'
    echo "export KM_CLUSTER_DIR=$D"
    printf 'exec'; printf ' %q' "$@"; echo; } > "$D/run/$name.sh"
  chmod +x "$D/run/$name.sh"
}
run_script() {
  local name=$1
  setsid "$D/run/$name.sh" >>"$D/logs/$name.log" 2>&1 </dev/null &
  echo $! > "$D/pids/$name"
}
start() { write_run_script "$@"; run_script "$1"; }

# wait_until SECONDS WHAT CMD...: poll CMD until it succeeds; fail with WHAT after SECONDS.
wait_until() {
  local limit=$1 what=$2; shift 2
  local end=$(( SECONDS + limit ))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < end )) || { echo "cluster: timed out after ${limit}s waiting for $what" >&2; return 1; }
    sleep 0.2
  done
}

# sign NAME SUBJECT [EXTENSIONS]: DIR/pki/NAME.{key,crt}, an EC key signed by the cluster's CA
# (DIR/pki/ca.{crt,key}); EXTENSIONS default to a client certificate.
openssl_q() { openssl "$@" 2>/dev/null; }
sign() {
  local P=$D/pki
  openssl_q req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" \
    -keyout "$P/$1.key" -out "$P/$1.csr"
  openssl_q x509 -req -in "$P/$1.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial -days 3650 \
    -out "$P/$1.crt" -extfile <(printf '%s\n' "${3:-extendedKeyUsage=clientAuth}")
}

alive() { [[ -f $D/pids/$1 ]] && kill -0 "$(cat "$D/pids/$1")" 2>/dev/null; }

apiserver_ready() {
  [[ $(curl -fsS --max-time 2 --cacert "$D/pki/ca.crt" --cert "$D/pki/admin.crt" --key "$D/pki/admin.key" \
       "https://127.0.0.1:$KM_APISERVER_PORT/readyz") == ok ]]
}

# group_alive PGID: a member of the group still runs (zombies don't count: PID 1 here reaps them late).
group_alive() {
  local p
  for p in $(pgrep -g "$1"); do
    [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) =~ ^[^Z]$ ]] && return 0
  done
  return 1
}

# kill_group PIDFILE: TERM the process group, KILL it after 10s. Skips a pid that was reused by a
# process outside this cluster (no KM_CLUSTER_DIR=DIR in its environment).
kill_group() {
  local f=$1 pg; pg=$(basename "$f"); [[ $f == */pids/* ]] && { pg=$(cat "$f" 2>/dev/null) || return 0; }
  [[ $pg =~ ^[0-9]+$ ]] || { rm -f "$f"; return 0; }
  local environ; environ=$(tr '\0' '\n' < "/proc/$pg/environ" 2>/dev/null) || true
  if [[ -n $environ ]] && ! grep -qx "KM_CLUSTER_DIR=$D" <<<"$environ"; then
    rm -f "$f"; return 0 # pid reused by someone else (an exited leader has an empty environ: go on)
  fi
  kill -TERM -- "-$pg" 2>/dev/null || { rm -f "$f"; return 0; }
  for _ in $(seq 100); do group_alive "$pg" || break; sleep 0.1; done
  kill -KILL -- "-$pg" 2>/dev/null || true
  rm -f "$f"
}
