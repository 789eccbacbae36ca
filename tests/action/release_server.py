#!/usr/bin/env python3
"""Serves a folder over HTTP on 127.0.0.1 like GitHub's release downloads (GET only, 404 for
anything missing), appending each request's path and status to --log.

Usage: release_server.py --root DIR --log FILE --port-file FILE
"""
import argparse
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    root = os.path.realpath(args.root)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            path = os.path.realpath(os.path.join(root, unquote(urlsplit(self.path).path).lstrip("/")))
            status = 200 if path.startswith(root + os.sep) and os.path.isfile(path) else 404
            with open(args.log, "a", encoding="utf-8") as log:
                log.write("%d %s\n" % (status, self.path))
            if status == 404:
                body = b"Not Found"
                self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            with open(path, "rb") as f:
                data = f.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
