#!/usr/bin/env python3
"""Times `kubectl-migrate changed` against `git diff --name-status -M` on a large
generated history (git fast-import), for a push range and a pull request range.

    bench/changed/bench_changed.py --binary build/kubectl-migrate/kubectl-migrate

The repository is generated once under --workdir (default: a directory in
$TMPDIR) and reused when it exists. Reports median wall time and peak RSS of
alternated runs (/usr/bin/time -v), and kubectl-migrate / git ratios.
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

JOURNAL_HEAD = '{"version":"7","dialect":"postgresql","entries":['


def journal(tags):
    entries = ",".join(
        '{"idx":%d,"version":"7","when":%d,"tag":"%s","breakpoints":true}'
        % (i, 1700000000000 + i, t) for i, t in enumerate(tags))
    return JOURNAL_HEAD + entries + "]}"


class Stream:
    """Writes a git fast-import stream."""

    def __init__(self, out):
        self.out = out
        self.mark = 0

    def data(self, text):
        raw = text.encode()
        self.out.write(b"data %d\n" % len(raw) + raw + b"\n")

    def commit(self, ref, when, message, parent, files):
        self.mark += 1
        self.out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        self.out.write(b"committer Bench <bench@example.com> %d +0000\n" % when)
        self.data(message)
        if parent:
            self.out.write(b"from :%d\n" % parent)
        for path, content in files:
            self.out.write(b"M 100644 inline %s\n" % path.encode())
            self.data(content)
        return self.mark


def generate(repo, commits, files, migration_every):
    rng = random.Random(42)
    subprocess.run(["git", "init", "--quiet", "-b", "main", repo], check=True)
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    stream = Stream(proc.stdin)
    when = 1700000000
    src = ["src/d%03d/f%05d.ts" % (i % 100, i) for i in range(files)]
    first = [(p, "export const v = 0; // %s\n" % p) for p in src]
    tags = ["0000_init"]
    first += [("migrations/0000_init.sql", "CREATE TABLE t0 (id serial);\n"),
              ("migrations/meta/_journal.json", journal(tags))]
    parent = stream.commit("refs/heads/main", when, "initial", None, first)
    fork_at = commits // 2
    fork_mark = None
    for n in range(1, commits):
        when += 60
        changed = [(p, "export const v = %d; // %s\n" % (n, p)) for p in rng.sample(src, 3)]
        if n % migration_every == 0:
            tag = "%04d_m%d" % (len(tags), n)
            tags.append(tag)
            changed += [("migrations/%s.sql" % tag, "CREATE TABLE t%d (id serial);\n" % n),
                        ("migrations/meta/_journal.json", journal(tags))]
        parent = stream.commit("refs/heads/main", when, "commit %d" % n, parent, changed)
        if n == fork_at:
            fork_mark, fork_tags = parent, list(tags)
    # A pull request branch forked half-way: 20 commits, 5 of them add a migration.
    feature = fork_mark
    for n in range(20):
        when += 60
        changed = [(src[n], "export const feature = %d;\n" % n)]
        if n % 4 == 0:
            tag = "%04d_feature%d" % (len(fork_tags), n)
            fork_tags.append(tag)
            changed += [("migrations/%s.sql" % tag, "CREATE TABLE f%d (id serial);\n" % n),
                        ("migrations/meta/_journal.json", journal(fork_tags))]
        feature = stream.commit("refs/heads/feature", when, "feature %d" % n, feature, changed)
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", repo, "reset", "--quiet", "--hard", "main"], check=True)


def timed(argv, cwd):
    """Runs argv under /usr/bin/time -v; returns (seconds, peak RSS KiB, stdout).

    Wall time is measured here with perf_counter: /usr/bin/time prints it in
    10 ms steps, too coarse for sub-100 ms runs. Its fork/exec overhead is
    the same for both tools.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + argv, cwd=cwd,
                              stdout=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit("failed (%d): %s" % (proc.returncode, " ".join(argv)))
        text = report.read()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss, proc.stdout


def same_files(km_json, git_name_status):
    ours = sorted(f["path"] for f in json.loads(km_json)["files"])
    theirs = sorted(line.split("\t")[-1] for line in git_name_status.splitlines() if line)
    return ours == theirs, len(ours)


def rev_parse(repo, revision):
    return subprocess.run(["git", "-C", repo, "rev-parse", revision], check=True,
                          stdout=subprocess.PIPE, text=True).stdout.strip()


def bench(name, repo, binary, base, head, path, runs):
    # Full ids, as a workflow passes them: `main~10000` alone costs a walk.
    base, head = rev_parse(repo, base), rev_parse(repo, head)
    km = [binary, "changed", "--base", base, "--head", head, "--path", path, "-o", "json"]
    git = ["git", "diff", "--name-status", "-M", "%s...%s" % (base, head), "--", path]
    results = {"km": [], "git": []}
    agree = None
    for i in range(runs):
        for tool, argv in (("km", km), ("git", git)) if i % 2 == 0 else (("git", git), ("km", km)):
            seconds, rss, out = timed(argv, repo)
            results[tool].append((seconds, rss))
            if tool == "km":
                km_out = out
            else:
                git_out = out
        agree = same_files(km_out, git_out)
    row = {"range": name}
    for tool in ("km", "git"):
        row[tool + "_s"] = statistics.median(s for s, _ in results[tool])
        row[tool + "_rss_mib"] = statistics.median(r for _, r in results[tool]) / 1024
    row["time_ratio"] = row["km_s"] / row["git_s"] if row["git_s"] else float("inf")
    row["rss_ratio"] = row["km_rss_mib"] / row["git_rss_mib"]
    row["same_files"], row["files"] = agree
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "km-bench-changed"))
    parser.add_argument("--commits", type=int, default=50000)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--migration-every", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    repo = os.path.join(args.workdir, "repo-%d-%d" % (args.commits, args.files))
    if not os.path.isdir(repo):
        started = time.monotonic()
        generate(repo, args.commits, args.files, args.migration_every)
        print("generated %s in %.1fs" % (repo, time.monotonic() - started), file=sys.stderr)
    count = subprocess.run(["git", "-C", repo, "rev-list", "--count", "--all"], check=True,
                           stdout=subprocess.PIPE, text=True).stdout.strip()
    tracked = subprocess.run(["git", "-C", repo, "ls-files"], check=True, stdout=subprocess.PIPE,
                             text=True).stdout.count("\n")
    print("repository: %s commits, %d files at main" % (count, tracked))
    rows = [
        bench("push main~10000..main", repo, binary, "main~10000", "main", "migrations", args.runs),
        bench("pull request main...feature", repo, binary, "main", "feature", "migrations",
              args.runs),
        bench("push main~1..main, path src", repo, binary, "main~1", "main", "src", args.runs),
    ]
    print("| range | files | same files | km median s | git median s | time km/git "
          "| km peak RSS MiB | git peak RSS MiB | RSS km/git |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print("| %s | %d | %s | %.4f | %.4f | %.2f | %.1f | %.1f | %.2f |" % (
            r["range"], r["files"], "yes" if r["same_files"] else "NO", r["km_s"], r["git_s"],
            r["time_ratio"], r["km_rss_mib"], r["git_rss_mib"], r["rss_ratio"]))


if __name__ == "__main__":
    main()
