"""The docs cannot drift from the CLI.

Usage: python3 tests/ship/docs_test.py REPO KUBECTL_MIGRATE

In every ```sh block of README.md and docs/*.md, each `kubectl-migrate <command>` and
`kubectl migrate <command>` must name a command of `kubectl-migrate --help`, and each flag
given to it (up to `--`, a pipe, `;`, `&&`, a redirection or a comment) must appear in
`kubectl-migrate <command> --help`. Blocks marked ```sh offline are also run, as written, with
bash in a copy-free temporary directory holding a symlink to the repository (`repo/`), the
binary first on PATH, and must succeed.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

repo, binary = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def run(args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


commands = re.findall(r"^  (\S+) ", run(["--help"]).split("Commands:")[1], re.M)
flags = {}
for command in commands:
    text = run([command, "--help"])
    flags[command] = set(re.findall(r"--([a-z][a-z0-9-]*)", text)) | {
        "-" + s for s in re.findall(r"^  -([a-zA-Z]), ", text, re.M)}

BLOCK = re.compile(r"^```(sh[^\n]*)\n(.*?)^```", re.M | re.S)
STOP = {"--", "|", "||", "&&", ";", ">", ">>", "2>", "<", "&", ")", "#"}
errors, checked, ran = [], 0, 0


def check_invocation(where, words):
    global checked
    command = words[0] if words else ""
    if command not in flags:
        errors.append(f"{where}: unknown command {command!r} in: {' '.join(words)}")
        return
    for word in words[1:]:
        if word in STOP or word.startswith(("#", ">", "2>", "|")):
            break
        if word.startswith("--"):
            name = word[2:].split("=", 1)[0]
            if name not in flags[command]:
                errors.append(f"{where}: {command} has no flag --{name}")
        elif re.fullmatch(r"-[a-zA-Z].*", word):
            if "-" + word[1] not in flags[command]:
                errors.append(f"{where}: {command} has no flag {word[:2]}")
    checked += 1


def words_of(line):
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;<>()")
        lexer.whitespace_split = True
        return list(lexer)
    except ValueError:
        return line.split()


files = [os.path.join(repo, "README.md")] + sorted(
    os.path.join(repo, "docs", name) for name in os.listdir(os.path.join(repo, "docs"))
    if name.endswith(".md"))
for path in files:
    text = open(path).read()
    for match in BLOCK.finditer(text):
        info, body = match.group(1).split(), match.group(2)
        line_no = text[:match.start()].count("\n") + 1
        where = f"{os.path.relpath(path, repo)}:{line_no}"
        for line in body.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s#\s.*$", "", line)
            words = words_of(line)
            command_position = True
            for i, word in enumerate(words):
                if command_position and word == "kubectl-migrate":
                    check_invocation(where, words[i + 1:])
                elif command_position and word == "kubectl" and words[i + 1:i + 2] == ["migrate"]:
                    check_invocation(where, words[i + 2:])
                # The next word is a command after an operator, an assignment, sudo/exec/env.
                command_position = (word in {"|", "||", "&&", ";", "(", "$(", "sudo", "exec", "env"}
                                    or (command_position and re.fullmatch(r"[A-Za-z_]\w*=.*", word)
                                        is not None))
        if "offline" in info[1:]:
            with tempfile.TemporaryDirectory() as tmp:
                os.symlink(repo, os.path.join(tmp, "repo"))
                env = dict(os.environ, PATH=os.path.dirname(binary) + os.pathsep + os.environ["PATH"],
                           HOME=tmp)
                result = subprocess.run(["bash", "-euo", "pipefail", "-c", body], cwd=tmp, env=env,
                                        capture_output=True, text=True)
                if result.returncode != 0:
                    errors.append(f"{where}: offline block failed ({result.returncode}):\n{body}"
                                  f"{result.stdout}{result.stderr}")
                ran += 1

print(f"docs: {checked} kubectl-migrate invocations checked, {ran} offline blocks run, "
      f"{len(files)} files")
if checked < 15 or ran < 2:
    errors.append("suspiciously few invocations or offline blocks: is the extraction broken?")
for error in errors:
    print("FAIL:", error)
sys.exit(1 if errors else 0)
