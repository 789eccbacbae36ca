#!/usr/bin/env python3
"""kubectl-migrate lint vs squawk (PyPI squawk-cli, pinned), side by side.

Not a test. Usage (from the repository root):
  cmake --build build --target kubectl-migrate
  bench/lint/bench_lint.py --binary build/kubectl-migrate/kubectl-migrate [--runs 7] [--files 1000]

1. Findings per case of bench/lint/corpus (real drizzle-kit output, see make-corpus.mjs): each
   migration is linted as the one being deployed, the earlier ones applied (our
   `--applied-up-to <previous tag>`; squawk gets the file alone, as it works, with
   --assume-in-transaction because the runner wraps every migration in one).
2. Time for --files migration files (the corpus repeated, one journal): one process each.
squawk is installed into $TMPDIR/km-bench-lint/venv (pip, from PyPI) on first use.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SQUAWK_VERSION = "2.70.0"
HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

# case → (dangerous?, the rule we should report ("" for safe twins)[, migrations pending
# together, this one included: default 1])
EXPECTED = {
    "index_existing": (True, "index-not-concurrent"),
    "new_table_fk_index": (False, ""),
    "fk_existing": (True, "foreign-key-not-valid"),
    "set_not_null": (True, "set-not-null"),
    "type_rewrite": (True, "column-type-rewrite"),
    "type_widen": (False, ""),
    "volatile_default": (True, "volatile-default"),
    "constant_default": (False, ""),
    "not_null_no_default": (True, "not-null-without-default"),
    "unique_existing": (True, "add-unique-constraint"),
    "check_existing": (True, "check-not-valid"),
    "drop_index": (True, "drop-index-not-concurrent"),
    "drop_column": (True, "drop-column"),
    "drop_table": (True, "drop-table"),
    "new_table": (False, ""),
    # Deployed together with new_table (both pending): its table is new and empty.
    "index_fk_on_pending_table": (False, "", 2),
    "enum_column": (False, ""),
    "enum_value_same_tx": (True, "enum-value-in-same-transaction"),
    "index_concurrently": (False, ""),
    "fk_not_valid": (False, ""),
    "validate_later": (False, ""),
    "validate_same_tx": (True, "validate-in-same-transaction"),
    "not_null_check": (False, ""),
    "not_null_check_validate": (False, ""),
    "not_null_after_check": (False, ""),
    "unique_index_concurrently": (False, ""),
    "unique_using_index": (False, ""),
    "concurrently_mixed": (True, "non-transactional-mixed"),
    "transaction_control": (True, "transaction-control"),
    "rename_column": (True, "rename-column"),
    "rename_table": (True, "rename-table"),
    "truncate": (True, "truncate"),
    "parse_error": (True, "parse-error"),
}
# squawk rules about things outside one migration's SQL here: the runner wraps every file in a
# transaction (prefer-robust-stmts' point), timeouts are the runner's settings, and the rest is
# column-type taste. Listed apart, not counted as catches or false alarms.
SQUAWK_NOT_HERE = {"prefer-robust-stmts", "require-lock-timeout", "require-statement-timeout",
                   "prefer-text-field", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
                   "prefer-identity", "prefer-timestamptz", "ban-char-field"}


def squawk_binary(workdir):
    venv = os.path.join(workdir, "venv")
    binary = os.path.join(venv, "bin", "squawk")
    if not os.path.exists(binary):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q",
                        f"squawk-cli=={SQUAWK_VERSION}"], check=True)
    return binary


def journal_tags(folder):
    with open(os.path.join(folder, "meta", "_journal.json")) as f:
        return [e["tag"] for e in json.load(f)["entries"]]


def ours(binary, tags, k, pending):
    out = subprocess.run([binary, "lint", "--dir", CORPUS, "--applied-up-to", tags[k - pending],
                          "-o", "json", "--fail-on", "none"], capture_output=True, text=True,
                         check=True).stdout
    return sorted({f["rule"] for f in json.loads(out)["findings"] if f["tag"] == tags[k]})


def squawk(binary, path):
    result = subprocess.run([binary, "--assume-in-transaction", "--reporter", "json", path],
                            capture_output=True, text=True)
    found = json.loads(result.stdout or "[]")
    return sorted({f["rule_name"] for f in found})


def make_many(folder, count):
    tags = journal_tags(CORPUS)[1:]
    os.makedirs(os.path.join(folder, "meta"), exist_ok=True)
    entries = []
    base = journal_tags(CORPUS)[0]
    shutil.copy(os.path.join(CORPUS, base + ".sql"), os.path.join(folder, "0000_base.sql"))
    entries.append({"idx": 0, "version": "7", "when": 1, "tag": "0000_base", "breakpoints": True})
    for i in range(1, count):
        source = tags[(i - 1) % len(tags)]
        tag = f"{i:04d}_{source.split('_', 1)[1]}"
        shutil.copy(os.path.join(CORPUS, source + ".sql"), os.path.join(folder, tag + ".sql"))
        entries.append({"idx": i, "version": "7", "when": i + 1, "tag": tag, "breakpoints": True})
    with open(os.path.join(folder, "meta", "_journal.json"), "w") as f:
        json.dump({"version": "7", "dialect": "postgresql", "entries": entries}, f)
    return [os.path.join(folder, e["tag"] + ".sql") for e in entries]


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "km-bench-lint"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    os.makedirs(args.workdir, exist_ok=True)
    squawk_bin = squawk_binary(args.workdir)

    tags = journal_tags(CORPUS)
    print(f"## Findings per case (squawk {SQUAWK_VERSION} --assume-in-transaction)\n")
    print("| case | kind | kubectl-migrate | squawk (relevant here) | squawk (not about this SQL here) |")
    print("|---|---|---|---|---|")
    caught = missed = our_false = squawk_false = 0
    for k in range(1, len(tags)):
        case = tags[k].split("_", 1)[1]
        dangerous, want, *together = EXPECTED[case]
        mine = ours(binary, tags, k, together[0] if together else 1)
        theirs = squawk(squawk_bin, os.path.join(CORPUS, tags[k] + ".sql"))
        relevant = [r for r in theirs if r not in SQUAWK_NOT_HERE]
        other = [r for r in theirs if r in SQUAWK_NOT_HERE]
        if dangerous:
            caught += want in mine
            missed += want not in mine
        else:
            our_false += bool(mine)
            squawk_false += bool(relevant)
        print(f"| {case} | {'dangerous' if dangerous else 'safe'} | {', '.join(mine) or '—'} | "
              f"{', '.join(relevant) or '—'} | {', '.join(other) or '—'} |")
    safe = sum(1 for d, *_ in EXPECTED.values() if not d)
    print(f"\nkubectl-migrate: {caught} of {caught + missed} dangerous cases caught; false alarms "
          f"on {our_false} of {safe} safe cases. squawk: findings on {squawk_false} of {safe} "
          "safe cases.\n")

    folder = os.path.join(args.workdir, f"many-{args.files}")
    shutil.rmtree(folder, ignore_errors=True)
    files = make_many(folder, args.files)
    ours_cmd = [binary, "lint", "--dir", folder, "-o", "json", "--fail-on", "none"]
    squawk_cmd = [squawk_bin, "--assume-in-transaction", "--reporter", "json", *files]
    times = {"kubectl-migrate lint": [], "squawk": []}
    for run in range(args.runs):
        order = [("kubectl-migrate lint", ours_cmd), ("squawk", squawk_cmd)]
        for name, command in (order if run % 2 == 0 else reversed(order)):
            times[name].append(timed(command))
    print(f"## Time for {args.files} migration files ({args.runs} alternated runs, one process each)\n")
    print("| tool | median s | min s | max s |")
    print("|---|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")


if __name__ == "__main__":
    main()
