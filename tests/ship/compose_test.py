"""docker-compose.yml's structure (Docker is not available on the test machine).

Usage: tests/ship/python tests/ship/compose_test.py REPO KUBECTL_MIGRATE

Checks what makes the example work: postgres has a healthcheck; migrate waits for it to be
healthy, is a one-shot (no restart), runs kubectl-migrate's `apply` with flags the binary
accepts, from the repository's Dockerfile, and reaches postgres with its credentials; api starts
only after migrate completed successfully.
"""
import os
import subprocess
import sys
from urllib.parse import urlparse

import yaml

repo, binary = sys.argv[1], sys.argv[2]
with open(os.path.join(repo, "docker-compose.yml")) as f:
    compose = yaml.safe_load(f)
services = compose["services"]
assert set(services) == {"postgres", "migrate", "api"}, sorted(services)

postgres, migrate, api = services["postgres"], services["migrate"], services["api"]
assert postgres["healthcheck"]["test"][:2] == ["CMD", "pg_isready"], postgres["healthcheck"]

assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}, migrate["depends_on"]
assert migrate.get("restart") == "no", "a one-shot migration must not be restarted"
assert migrate["build"] == ".", migrate["build"]
assert os.path.isfile(os.path.join(repo, "Dockerfile"))
command = migrate["command"]
assert command[0] == "apply" and "--dir" in command, command
# Every flag of the command is one the runner accepts (parsed by the real binary).
help_text = subprocess.run([binary, command[0], "--help"], check=True, capture_output=True,
                           text=True).stdout
for word in command[1:]:
    if word.startswith("--"):
        assert f"{word} " in help_text or f"{word}\n" in help_text, f"{word} not in apply --help"
mounts = {v.split(":")[1]: v for v in migrate["volumes"]}
target = command[command.index("--dir") + 1]
assert target in mounts and mounts[target].startswith("./migrations:"), migrate["volumes"]
assert os.path.isfile(os.path.join(repo, "migrations", "meta", "_journal.json"))

env = postgres["environment"]
for service in (migrate, api):
    url = urlparse(service["environment"]["DATABASE_URL"])
    assert (url.hostname, url.port, url.username, url.password, url.path.lstrip("/")) == (
        "postgres", 5432, env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DB"]), url

assert api["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}, api
print("ok: docker-compose.yml: postgres (healthy) → migrate (apply, one-shot) → api")
