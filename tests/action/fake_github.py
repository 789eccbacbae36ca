#!/usr/bin/env python3
"""A local stand-in for the GitHub REST endpoints the Action calls, answering in the shapes
GitHub documents (docs.github.com/rest: workflow runs, deployments, deployment statuses):

  GET {prefix}/repos/{owner}/{repo}/actions/runs/{run_id}/approvals
      {--approvals DIR, default fixtures/approvals}/{run_id}.json: a JSON array (the review history, paginated like
      GitHub: per_page capped by --page-size, page, Link next/last/first/prev), or an object
      {"status", "headers", "body"}: that error response as is.
  GET {prefix}/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{n}
      the workflow run object of that attempt, from the run's entry in --runs
  GET {prefix}/repos/{owner}/{repo}/deployments?sha=&environment=
      the deployments of every run in --runs (filtered like GitHub, newest first)
  GET {prefix}/repos/{owner}/{repo}/deployments/{id}/statuses
      that deployment's statuses, newest first, linking the job of its run

--runs FILE (default fixtures/runs.json, read again for every request) describes runs compactly:
  {"101": {"sha": "...", "event": "push",
           "attempts": [{"started": "2026-11-20T09:00:00Z", "actor": "ana", "triggering_actor": "ana"}],
           "deployments": [{"id": 1101, "environment": "production", "attempt": 1,
                            "created_at": "2026-11-20T09:00:05Z",
                            "states": ["waiting", "queued", "in_progress"]}]}}
"deployment_sha" (optional): the commit its deployments name when it is not the run's head_sha
(github.sha of a pull request: the merge commit). A run whose approvals fixture is an error object answers its attempts with that error too.
Anything else: GitHub's 404. A request without `Authorization: Bearer <--token>`: GitHub's 401.
--prefix /api/v3 and --server-url https://ghe.example.com make it a GitHub Enterprise Server.

Usage: fake_github.py --token T [--page-size N] [--log FILE] [--runs FILE] [--approvals DIR]
                      [--prefix P] [--server-url URL] --port-file FILE
Writes the port it listens on (127.0.0.1) to --port-file, then serves until killed. Each
request is appended to --log as one JSON line (method, path, headers other than
Authorization, whether the token matched).
"""
import argparse
import json
import math
import os
import re
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = "https://docs.github.com/rest"
APPROVALS = re.compile(r"^/repos/([^/]+)/([^/]+)/actions/runs/([0-9]+)/approvals$")
ATTEMPT = re.compile(r"^/repos/([^/]+)/([^/]+)/actions/runs/([0-9]+)/attempts/([0-9]+)$")
DEPLOYMENTS = re.compile(r"^/repos/([^/]+)/([^/]+)/deployments$")
STATUSES = re.compile(r"^/repos/([^/]+)/([^/]+)/deployments/([0-9]+)/statuses$")


def user(login, uid):
    return {"login": login, "id": uid, "node_id": "MDQ6VXNlcj%d" % uid,
            "avatar_url": "https://github.com/images/error/%s_happy.gif" % login,
            "gravatar_id": "", "url": "https://api.github.com/users/" + login,
            "html_url": "https://github.com/" + login, "type": "User", "site_admin": False}


def later(timestamp, seconds):
    t = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (t + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Github:
    """The documented objects, rendered from the compact --runs description."""

    def __init__(self, runs_file, api, server):
        self.runs_file, self.api, self.server = runs_file, api, server

    @property
    def runs(self):
        with open(self.runs_file, encoding="utf-8") as f:
            return json.load(f)

    def attempt(self, owner, repo, run_id, n):
        run = self.runs.get(run_id)
        if not run or not 1 <= n <= len(run["attempts"]):
            return None
        a = run["attempts"][n - 1]
        full = "%s/%s" % (owner, repo)
        url = "%s/repos/%s/actions/runs/%s" % (self.api, full, run_id)
        return {
            "id": int(run_id), "name": "deploy", "node_id": "WFR_%s" % run_id,
            "head_branch": "main", "head_sha": run["sha"], "path": ".github/workflows/deploy.yml",
            "display_title": "deploy", "run_number": 7, "event": run.get("event", "push"),
            "status": "in_progress", "conclusion": None, "workflow_id": 161335,
            "check_suite_id": 42, "url": url,
            "html_url": "%s/%s/actions/runs/%s" % (self.server, full, run_id),
            "created_at": run["attempts"][0]["started"], "updated_at": a["started"],
            "run_attempt": n, "run_started_at": a["started"],
            "previous_attempt_url": "%s/attempts/%d" % (url, n - 1) if n > 1 else None,
            "actor": user(a["actor"], 1000 + len(a["actor"])),
            "triggering_actor": user(a["triggering_actor"], 2000 + len(a["triggering_actor"])),
            "jobs_url": url + "/jobs", "logs_url": url + "/logs",
        }

    def deployments(self, owner, repo):
        out = []
        for run_id, run in self.runs.items():
            for d in run.get("deployments", []):
                a = run["attempts"][d["attempt"] - 1]
                out.append((run_id, run, d, a, owner, repo))
        out.sort(key=lambda x: x[2]["created_at"], reverse=True)
        return out

    def deployment(self, entry):
        run_id, run, d, a, owner, repo = entry
        url = "%s/repos/%s/%s/deployments/%d" % (self.api, owner, repo, d["id"])
        return {
            "url": url, "id": d["id"], "node_id": "DE_%d" % d["id"],
            "sha": run.get("deployment_sha", run["sha"]),
            "ref": "main", "task": "deploy", "payload": {}, "original_environment": d["environment"],
            "environment": d["environment"], "description": None,
            "creator": user(a["triggering_actor"], 2000 + len(a["triggering_actor"])),
            "created_at": d["created_at"], "updated_at": d["created_at"],
            "statuses_url": url + "/statuses",
            "repository_url": "%s/repos/%s/%s" % (self.api, owner, repo),
            "transient_environment": False, "production_environment": False,
        }

    def statuses(self, entry):
        run_id, run, d, a, owner, repo = entry
        job = "%s/%s/%s/actions/runs/%s/job/%d" % (self.server, owner, repo, run_id, 9000 + d["id"])
        out = []
        for i, state in enumerate(d["states"]):
            sid = d["id"] * 10 + i
            out.append({
                "url": "%s/repos/%s/%s/deployments/%d/statuses/%d" % (self.api, owner, repo, d["id"], sid),
                "id": sid, "node_id": "DES_%d" % sid, "state": state,
                "creator": user(a["triggering_actor"], 2000 + len(a["triggering_actor"])),
                "description": "", "environment": d["environment"], "target_url": job,
                "created_at": later(d["created_at"], 60 * i), "updated_at": later(d["created_at"], 60 * i),
                "deployment_url": "%s/repos/%s/%s/deployments/%d" % (self.api, owner, repo, d["id"]),
                "repository_url": "%s/repos/%s/%s" % (self.api, owner, repo),
                "environment_url": "", "log_url": job,
            })
        return list(reversed(out))


def make_handler(args, github):
    class Handler(BaseHTTPRequestHandler):
        server_version = "GitHub.com"

        def log_message(self, *_):
            pass

        def send_json(self, status, body, headers=None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
            self.send_header("X-RateLimit-Limit", "5000")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if "X-RateLimit-Remaining" not in (headers or {}):
                self.send_header("X-RateLimit-Remaining", "4999")
            self.end_headers()
            self.wfile.write(data)

        def not_found(self):
            self.send_json(404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"})

        def record(self, authorized):
            if not args.log:
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps({"method": self.command, "path": self.path,
                                      "headers": headers, "authorized": authorized}) + "\n")

        def approvals(self, run_id):
            fixture = os.path.join(args.approvals, run_id + ".json")
            if not os.path.exists(fixture):
                return None
            with open(fixture, encoding="utf-8") as f:
                return json.load(f)

        def do_GET(self):
            authorized = self.headers.get("Authorization") == "Bearer " + args.token
            self.record(authorized)
            if not authorized:
                self.send_json(401, {"message": "Bad credentials", "documentation_url": DOCS,
                                     "status": "401"})
                return
            url = urlsplit(self.path)
            if not url.path.startswith(args.prefix + "/"):
                self.not_found()
                return
            path = url.path[len(args.prefix):]
            query = parse_qs(url.query)
            if m := APPROVALS.match(path):
                content = self.approvals(m.group(3))
                if content is None:
                    self.not_found()
                elif isinstance(content, dict):
                    self.send_json(content["status"], content["body"], content.get("headers"))
                else:
                    self.send_page(url, content)
            elif m := ATTEMPT.match(path):
                content = self.approvals(m.group(3))
                if isinstance(content, dict):
                    self.send_json(content["status"], content["body"], content.get("headers"))
                    return
                attempt = github.attempt(m.group(1), m.group(2), m.group(3), int(m.group(4)))
                if attempt is None:
                    self.not_found()
                else:
                    self.send_json(200, attempt)
            elif m := DEPLOYMENTS.match(path):
                entries = github.deployments(m.group(1), m.group(2))
                sha, env = query.get("sha", [None])[0], query.get("environment", [None])[0]
                found = [github.deployment(e) for e in entries
                         if (sha is None or e[1].get("deployment_sha", e[1]["sha"]) == sha)
                         and (env is None or e[2]["environment"] == env)]
                self.send_page(url, found)
            elif m := STATUSES.match(path):
                entries = [e for e in github.deployments(m.group(1), m.group(2))
                           if e[2]["id"] == int(m.group(3))]
                if not entries:
                    self.not_found()
                else:
                    self.send_page(url, github.statuses(entries[0]))
            else:
                self.not_found()

        def send_page(self, url, items):
            query = parse_qs(url.query)
            per_page = min(int(query.get("per_page", ["30"])[0]), args.page_size)
            page = int(query.get("page", ["1"])[0])
            last = max(1, math.ceil(len(items) / per_page))
            base = "http://%s:%d%s?" % (*self.server.server_address[:2], url.path)
            keep = {k: v[0] for k, v in query.items() if k not in ("per_page", "page")}

            def link(n, rel):
                return '<%s%s>; rel="%s"' % (base, urlencode({**keep, "per_page": per_page, "page": n}), rel)

            links = []
            if page < last:
                links += [link(page + 1, "next"), link(last, "last")]
            if page > 1:
                links += [link(1, "first"), link(page - 1, "prev")]
            headers = {"Link": ", ".join(links)} if links else {}
            self.send_json(200, items[(page - 1) * per_page:page * per_page], headers)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--log")
    parser.add_argument("--runs", default=os.path.join(HERE, "fixtures", "runs.json"))
    parser.add_argument("--approvals", default=os.path.join(HERE, "fixtures", "approvals"))
    parser.add_argument("--prefix", default="")
    parser.add_argument("--server-url", default="https://github.com")
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    api = "http://127.0.0.1:%d%s" % (server.server_address[1], args.prefix)
    server.RequestHandlerClass = make_handler(args, Github(args.runs, api, args.server_url))
    with open(args.port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
