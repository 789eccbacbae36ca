#!/usr/bin/env python3
"""A local stand-in for the one GitHub REST endpoint the Action calls.

GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals is answered from
fixtures/approvals/{run_id}.json in the shapes GitHub documents:
- a JSON array: the review history, paginated like GitHub (per_page, capped by
  --page-size, page; Link header with next/last/first/prev);
- an object {"status", "headers", "body"}: that error response as is;
- no file: 404 {"message": "Not Found", "documentation_url": ..., "status": "404"}.
A request without `Authorization: Bearer <--token>` gets GitHub's 401.

Usage: fake_github.py --token T [--page-size N] [--log FILE] --port-file FILE
Writes the port it listens on (127.0.0.1) to --port-file, then serves until killed.
Each request is appended to --log as one JSON line (method, path, headers other
than Authorization, whether the token matched).
"""
import argparse
import json
import math
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "approvals")
DOCS = "https://docs.github.com/rest/actions/workflow-runs#get-the-review-history-for-a-workflow-run"
ROUTE = re.compile(r"^/repos/([^/]+)/([^/]+)/actions/runs/([0-9]+)/approvals$")


def make_handler(args):
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

        def record(self, authorized):
            if not args.log:
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps({"method": self.command, "path": self.path,
                                      "headers": headers, "authorized": authorized}) + "\n")

        def do_GET(self):
            authorized = self.headers.get("Authorization") == "Bearer " + args.token
            self.record(authorized)
            if not authorized:
                self.send_json(401, {"message": "Bad credentials",
                                     "documentation_url": "https://docs.github.com/rest",
                                     "status": "401"})
                return
            url = urlsplit(self.path)
            match = ROUTE.match(url.path)
            fixture = match and os.path.join(FIXTURES, match.group(3) + ".json")
            if not fixture or not os.path.exists(fixture):
                self.send_json(404, {"message": "Not Found", "documentation_url": DOCS,
                                     "status": "404"})
                return
            with open(fixture, encoding="utf-8") as f:
                content = json.load(f)
            if isinstance(content, dict):
                self.send_json(content["status"], content["body"], content.get("headers"))
                return
            self.send_page(url, content)

        def send_page(self, url, reviews):
            query = parse_qs(url.query)
            per_page = min(int(query.get("per_page", ["30"])[0]), args.page_size)
            page = int(query.get("page", ["1"])[0])
            last = max(1, math.ceil(len(reviews) / per_page))
            base = "http://%s:%d%s?" % (*self.server.server_address[:2], url.path)

            def link(n, rel):
                return '<%s%s>; rel="%s"' % (base, urlencode({"per_page": per_page, "page": n}), rel)

            links = []
            if page < last:
                links += [link(page + 1, "next"), link(last, "last")]
            if page > 1:
                links += [link(1, "first"), link(page - 1, "prev")]
            headers = {"Link": ", ".join(links)} if links else {}
            self.send_json(200, reviews[(page - 1) * per_page:page * per_page], headers)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token", required=True)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--log")
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args))
    with open(args.port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
