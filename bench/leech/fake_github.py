#!/usr/bin/env python3
"""A GitHub fake for the leech benchmark: installation tokens, the logs endpoint (302), and the
archive itself streamed from disk. Loopback only. Usage: fake_github.py PORT ARCHIVE_FILE"""
import json
import socket
import shutil
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, ARCHIVE = int(sys.argv[1]), sys.argv[2]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, Nagle and delayed ACKs add ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def do_POST(self):
        if "/access_tokens" in self.path:
            body = json.dumps({"token": "ghs_bench", "expires_at": "2099-01-01T00:00:00Z"}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def do_GET(self):
        if self.path.endswith("/logs"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{PORT}/blob/logs.zip")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/blob/"):
            with open(ARCHIVE, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(0)
                self.send_response(200)
                self.send_header("Content-Type", "application/zip")
                self.send_header("Content-Length", str(size))
                self.end_headers()
                shutil.copyfileobj(f, self.wfile, 1 << 20)
        else:
            self.send_error(404)


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
