#!/usr/bin/env python3
"""kubectl-migrate run vs kubectl wait on the local cluster (tests/cluster).

Measures, over --runs runs each:
  * detection latency: from the moment an independent `kubectl get jobs --watch` sees the Job's
    outcome condition (SuccessCriteriaMet/Complete, FailureTarget/Failed: whichever comes first)
    to the moment the waiting process exits;
      - success: `kubectl-migrate run` vs `kubectl wait --for=condition=complete --timeout=300s`
      - failure: `kubectl-migrate run` vs the reference workflow's `kubectl wait
        --for=condition=complete`, which only ends at its timeout when the Job fails (here
        --failure-wait-timeout, default 60s instead of the workflow's 300s, and fewer runs);
  * peak RSS (ru_maxrss from wait4) of the waiting process;
  * start-up: wall time and peak RSS of `kubectl-migrate --help` / `version` vs `kubectl --help` /
    `kubectl version --client`.
  * first attempt to exit (default template: backoffLimit 3, podFailurePolicy FailJob on the
    runner's permanent exit codes): from the moment an independent `kubectl get pods --watch` sees
    the first attempt's container terminated (`SELECT 1/0`) to the waiting process's exit:
      - `kubectl-migrate run --rollback deployment/yomu-api` (--first-attempt-runs, default 5)
      - the reference approach: `kubectl create` of the same Job, `kubectl wait
        --for=condition=complete --timeout=300s`, then `kubectl rollout undo deployment/yomu-api`
        (--reference-runs, default 1: each lasts the whole timeout by construction)
    and their ratio. --only-first-attempt measures only this.

  bench/run/bench_run.py --binary build/kubectl-migrate/kubectl-migrate --cluster-dir build/cluster \
      --postgres-env build/test-postgres/env [--runs 20]

The cluster must be up (tests/cluster/up DIR, with KM_RUNNER_BINARY naming the binary the
Job image is built from) and PostgreSQL started (tests/support/postgres start DIR). Creates namespace km-bench.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NS = "km-bench"


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                env[key] = value
    return env


class Watcher:
    """`kubectl get KIND --watch -o json`: calls self._event(event, time seen) for each watch event."""

    def __init__(self, kubectl, args):
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(kubectl + ["-n", NS, "get"] + args + ["--watch", "-o", "json",
                                                                           "--output-watch-events"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        decoder = json.JSONDecoder()
        buffer = ""
        while True:
            chunk = self.proc.stdout.readline()
            if not chunk:
                return
            buffer += chunk
            while True:
                stripped = buffer.lstrip()
                try:
                    event, end = decoder.raw_decode(stripped)
                except ValueError:
                    break
                buffer = stripped[end:]
                self._event(event, time.time())

    def stop(self):
        self.proc.terminate()


class JobWatcher(Watcher):
    """`kubectl get jobs --watch`: when each Job's outcome condition was first seen."""

    def __init__(self, kubectl):
        self.seen = {}  # job name -> (time.time(), condition type)
        super().__init__(kubectl, ["jobs"])

    def _event(self, event, now):
        job = event.get("object", {})
        name = job.get("metadata", {}).get("name", "")
        for condition in job.get("status", {}).get("conditions", []) or []:
            if condition.get("status") == "True" and condition.get("type") in (
                    "Complete", "Failed", "SuccessCriteriaMet", "FailureTarget"):
                with self.cond:
                    if name not in self.seen:
                        self.seen[name] = (now, condition["type"])
                        self.cond.notify_all()

    def outcome_time(self, name, timeout=30):
        with self.cond:
            self.cond.wait_for(lambda: name in self.seen, timeout)
            return self.seen.get(name)


class PodWatcher(Watcher):
    """`kubectl get pods --watch`: when the first pod of each Job was first seen terminated."""

    def __init__(self, kubectl):
        self.first_exit = {}  # job name -> time.time() its first attempt's container was seen terminated
        super().__init__(kubectl, ["pods", "-l", "batch.kubernetes.io/job-name"])

    def _event(self, event, now):
        pod = event.get("object", {})
        job = pod.get("metadata", {}).get("labels", {}).get("batch.kubernetes.io/job-name", "")
        statuses = pod.get("status", {}).get("containerStatuses", []) or []
        if job and any("terminated" in (s.get("state") or {}) for s in statuses):
            with self.cond:
                if job not in self.first_exit:
                    self.first_exit[job] = now
                    self.cond.notify_all()

    def first_exit_time(self, name, timeout=30):
        with self.cond:
            self.cond.wait_for(lambda: name in self.first_exit, timeout)
            return self.first_exit.get(name)


def timed(argv):
    """Runs argv; returns (exit code, exit time, peak RSS KiB, stdout)."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        ended = time.time()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return proc.returncode, ended, usage.ru_maxrss, out.read().decode()


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summarize(name, latencies, rss):
    ms = [x * 1000 for x in latencies]
    print(f"{name:52s} n={len(ms):2d}  p50 {pct(ms, 50):8.0f} ms  p95 {pct(ms, 95):8.0f} ms  "
          f"max {max(ms):8.0f} ms  peak RSS p50 {statistics.median(rss) / 1024:6.1f} MiB", flush=True)


def startup(argv, runs=20):
    walls, rss = [], []
    for _ in range(runs):
        start = time.time()
        code, ended, peak, _ = timed(argv)
        walls.append((ended - start) * 1000)
        rss.append(peak)
    print(f"{' '.join(os.path.basename(argv[0]) if i == 0 else a for i, a in enumerate(argv)):52s} "
          f"wall p50 {pct(walls, 50):6.1f} ms  p95 {pct(walls, 95):6.1f} ms  "
          f"peak RSS {statistics.median(rss) / 1024:6.1f} MiB", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--cluster-dir", required=True)
    parser.add_argument("--postgres-env", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--failure-reference-runs", type=int, default=3)
    parser.add_argument("--failure-wait-timeout", default="60s")
    parser.add_argument("--first-attempt-runs", type=int, default=5,
                        help="runs of `run` for the first-attempt-to-exit figure (default template)")
    parser.add_argument("--reference-runs", type=int, default=1,
                        help="runs of kubectl wait + rollout undo for it (each lasts --reference-timeout)")
    parser.add_argument("--reference-timeout", default="300s")
    parser.add_argument("--only-first-attempt", action="store_true",
                        help="measure only the first-attempt-to-exit figure")
    args = parser.parse_args()

    cluster = read_env(os.path.join(args.cluster_dir, "env"))
    kubeconfig = os.path.join(args.cluster_dir, "kubeconfig")
    admin = [cluster["KM_KUBECTL"], "--kubeconfig", kubeconfig, "--context", "admin"]
    kube_flags = ["--kubeconfig", kubeconfig, "--context", "admin", "-n", NS]
    km_run = [os.path.abspath(args.binary), "run"] + kube_flags
    pg = read_env(args.postgres_env)
    url = pg["DATABASE_URL"].rsplit("/", 1)[0] + "/km_bench"
    # the Job's pod reaches PostgreSQL through a relay on the pods' bridge (tests/cluster/expose)
    expose = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "cluster", "expose")
    host = subprocess.run([expose, args.cluster_dir, pg["PGPORT"]], check=True, capture_output=True,
                          text=True).stdout.strip()
    url = url.replace("@127.0.0.1:", "@" + host + ":", 1)
    subprocess.run([os.path.join(pg["PG_BIN"], "psql"), pg["DATABASE_URL"], "-qc",
                    "DROP DATABASE IF EXISTS km_bench WITH (FORCE)", "-c", "CREATE DATABASE km_bench"],
                   check=True, capture_output=True)
    subprocess.run(admin + ["delete", "namespace", NS, "--ignore-not-found", "--wait=true"], check=True,
                   capture_output=True)
    subprocess.run(admin + ["create", "namespace", NS], check=True, capture_output=True)
    subprocess.run(admin + ["label", "namespace", NS, "pod-security.kubernetes.io/enforce=restricted"],
                   check=True, capture_output=True)
    subprocess.run(admin + ["-n", NS, "create", "secret", "generic", "kubectl-migrate-db",
                            f"--from-literal=DATABASE_URL={url}"], check=True, capture_output=True)
    failing = tempfile.mkdtemp(prefix="km-bench-fail-")
    os.makedirs(os.path.join(failing, "meta"))
    with open(os.path.join(failing, "9999_fail.sql"), "w") as f:
        f.write("SELECT 1/0;")
    with open(os.path.join(failing, "meta", "_journal.json"), "w") as f:
        json.dump({"version": "7", "dialect": "postgresql", "entries": [
            {"idx": 0, "version": "7", "when": 4102444800000, "tag": "9999_fail", "breakpoints": True}]}, f)
    migrations = os.path.join(REPO, "migrations")
    # yomu-api at 1.0.0 then 1.1.0, so that `rollout undo` has a revision to return to
    with open(os.path.join(REPO, "manifests", "yomu-api.yaml")) as f:
        api = f.read().replace("namespace: yomu", "namespace: " + NS)
    subprocess.run(admin + ["-n", NS, "apply", "-f", "-"], input=api, text=True, check=True, capture_output=True)
    subprocess.run(admin + ["-n", NS, "rollout", "status", "deployment/yomu-api", "--timeout=120s"], check=True,
                   capture_output=True)
    subprocess.run(admin + ["-n", NS, "set", "image", "deployment/yomu-api", "api=ghcr.io/example/yomu-api:1.1.0"],
                   check=True, capture_output=True)
    subprocess.run(admin + ["-n", NS, "rollout", "status", "deployment/yomu-api", "--timeout=120s"], check=True,
                   capture_output=True)
    watcher = JobWatcher(admin)
    pods = PodWatcher(admin)
    time.sleep(1)
    runs = (f"{args.first_attempt_runs} runs of run, {args.reference_runs} of the reference" if args.only_first_attempt
            else f"{args.runs} runs each")
    print(f"# {runs}; cluster {args.cluster_dir}; {time.strftime('%Y-%m-%d %H:%M:%S')}\n")

    def plugin(folder, extra):
        lat, rss = [], []
        for _ in range(args.runs):
            code, ended, peak, out = timed(km_run + ["--app", "bench", "--migrations", folder,
                                                 "--ttl", "600s", "-o", "json"] + extra)
            job = json.loads(out)["job"]
            seen = watcher.outcome_time(job)
            lat.append(ended - seen[0])
            rss.append(peak)
        return lat, rss

    def kubectl_wait(folder, extra, runs, timeout):
        lat, rss = [], []
        for _ in range(runs):
            code, _, _, out = timed(km_run + ["--app", "bench", "--migrations", folder, "--ttl", "600s",
                                          "--dry-run", "-o", "json"] + extra)
            items = json.loads(out)["items"]
            name = items[1]["metadata"]["name"]
            # The reference workflow: create, then wait for Complete only.
            subprocess.run(admin + ["-n", NS, "create", "-f", "-"], input=json.dumps(
                {"apiVersion": "v1", "kind": "List", "items": items}), text=True, check=True,
                capture_output=True)
            code, ended, peak, _ = timed(admin + ["-n", NS, "wait", "--for=condition=complete",
                                                  f"--timeout={timeout}", f"job/{name}"])
            seen = watcher.outcome_time(name)
            lat.append(ended - seen[0])
            rss.append(peak)
        return lat, rss

    def first_attempt_plugin(folder):
        lat, rss, to_condition, after_condition = [], [], [], []
        for _ in range(args.first_attempt_runs):
            code, ended, peak, out = timed(km_run + ["--app", "bench", "--migrations", folder,
                                                 "--rollback", "deployment/yomu-api", "-o", "json"])
            report = json.loads(out)
            if report["outcome"] != "failed" or len(report["attempts"]) != 1:
                sys.exit(f"expected a failure on the first attempt, got: {out}")
            first_exit = pods.first_exit_time(report["job"])
            seen = watcher.outcome_time(report["job"])
            lat.append(ended - first_exit)
            to_condition.append(seen[0] - first_exit)
            after_condition.append(ended - seen[0])
            rss.append(peak)
        return lat, rss, to_condition, after_condition

    def first_attempt_reference(folder):
        lat, rss = [], []
        for _ in range(args.reference_runs):
            code, _, _, out = timed(km_run + ["--app", "bench", "--migrations", folder, "--dry-run", "-o", "json"])
            items = json.loads(out)["items"]
            name = items[1]["metadata"]["name"]
            # The reference approach: create, wait for Complete, and on a non-zero exit, rollout undo.
            subprocess.run(admin + ["-n", NS, "create", "-f", "-"], input=json.dumps(
                {"apiVersion": "v1", "kind": "List", "items": items}), text=True, check=True,
                capture_output=True)
            code, _, peak, _ = timed(admin + ["-n", NS, "wait", "--for=condition=complete",
                                              f"--timeout={args.reference_timeout}", f"job/{name}"])
            if code != 0:
                subprocess.run(admin + ["-n", NS, "rollout", "undo", "deployment/yomu-api"], check=True,
                               capture_output=True)
            ended = time.time()
            lat.append(ended - pods.first_exit_time(name))
            rss.append(peak)
        return lat, rss

    plugin_lat, plugin_rss, to_condition, after_condition = first_attempt_plugin(failing)
    summarize("first attempt -> exit: kubectl-migrate run (default template)", plugin_lat, plugin_rss)
    print(f"{'  pod terminated -> the Job FailureTarget':52s} p50 {pct(to_condition, 50) * 1000:8.0f} ms"
          f"  max {max(to_condition) * 1000:8.0f} ms")
    print(f"{'  run exits minus FailureTarget (<0: before it)':52s} p50 {pct(after_condition, 50) * 1000:8.0f} ms"
          f"  max {max(after_condition) * 1000:8.0f} ms", flush=True)
    ref_lat, ref_rss = first_attempt_reference(failing)
    summarize(f"first attempt -> exit: kubectl wait --timeout={args.reference_timeout} + rollout undo",
              ref_lat, ref_rss)
    print(f"{'ratio (reference p50 / run p50)':52s} {pct(ref_lat, 50) / pct(plugin_lat, 50):10.0f}x\n",
          flush=True)
    if args.only_first_attempt:
        watcher.stop()
        pods.stop()
        subprocess.run(admin + ["delete", "namespace", NS, "--wait=false"], capture_output=True)
        return

    summarize("success: kubectl-migrate run", *plugin(migrations, []))
    summarize("success: kubectl wait --for=condition=complete", *kubectl_wait(migrations, [], args.runs, "300s"))
    summarize("failure: kubectl-migrate run (backoffLimit 0)", *plugin(failing, ["--backoff-limit", "0"]))
    summarize(f"failure: kubectl wait ... --timeout={args.failure_wait_timeout}",
              *kubectl_wait(failing, ["--backoff-limit", "0"], args.failure_reference_runs,
                            args.failure_wait_timeout))
    print()
    startup([os.path.abspath(args.binary), "--help"])
    startup([os.path.abspath(args.binary), "version"])
    startup([cluster["KM_KUBECTL"], "--help"])
    startup([cluster["KM_KUBECTL"], "version", "--client"])
    watcher.stop()
    pods.stop()
    subprocess.run(admin + ["delete", "namespace", NS, "--wait=false"], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
