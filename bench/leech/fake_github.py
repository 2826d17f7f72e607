#!/usr/bin/env python3
"""A GitHub fake for the leech benchmark: installation tokens, the logs endpoint (302), and the
archive itself sent from disk with sendfile (the kernel copies it; the fake's own CPU stays out of
the way of the client being measured). With TIMINGS_FILE, each archive download appends a line
'client seconds bytes': the client's User-Agent product, and the time from the request to the last
byte handed to the socket, which the client's reading paces once the socket buffers are full.
Loopback only. Usage: fake_github.py PORT ARCHIVE_FILE [TIMINGS_FILE]"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from loopback_http import Handler, serve  # noqa: E402

PORT, ARCHIVE = int(sys.argv[1]), sys.argv[2]
TIMINGS = sys.argv[3] if len(sys.argv) > 3 else None


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
            started = time.monotonic()
            size = os.path.getsize(ARCHIVE)
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            with open(ARCHIVE, "rb") as f:
                sent = self.connection.sendfile(f)
            if TIMINGS:
                client = self.headers.get("User-Agent", "-").split("/")[0].split()[0] or "-"
                with open(TIMINGS, "a") as t:
                    t.write(f"{client} {time.monotonic() - started:.3f} {sent}\n")
        else:
            self.answer(404, {"message": "Not Found"})


serve(PORT, GitHub)
