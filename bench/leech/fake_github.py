#!/usr/bin/env python3
"""A GitHub fake for the leech benchmark: installation tokens, the logs endpoint (302), and the
archive itself streamed from disk. Loopback only. Usage: fake_github.py PORT ARCHIVE_FILE"""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from loopback_http import Handler, serve  # noqa: E402

PORT, ARCHIVE = int(sys.argv[1]), sys.argv[2]


class GitHub(Handler):

    def do_POST(self):
        if "/access_tokens" in self.path:
            self.answer(201, {"token": "ghs_bench", "expires_at": "2099-01-01T00:00:00Z"})
        else:
            self.answer(404, {"message": "Not Found"})

    def do_GET(self):
        if self.path.endswith("/logs"):
            self.answer(302, {}, [("Location", f"http://127.0.0.1:{PORT}/blob/logs.zip")])
        elif self.path.startswith("/blob/"):
            size = os.path.getsize(ARCHIVE)
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            with open(ARCHIVE, "rb") as f:
                shutil.copyfileobj(f, self.wfile, 1 << 20)
        else:
            self.answer(404, {"message": "Not Found"})


serve(PORT, GitHub)
