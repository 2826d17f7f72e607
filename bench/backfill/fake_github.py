#!/usr/bin/env python3
"""A GitHub fake for the backfill benchmark: one installation, one repository with PULLS pull
requests (100 a page, newest updated first, each ~PR_BYTES of JSON) and one review each, empty
deployments, runs, releases and issues. Counts every request by kind in COUNTS_FILE on SIGTERM.
Usage: fake_github.py PORT PULLS COUNTS_FILE"""
import json, signal, socket, sys, threading
from datetime import datetime, timedelta, timezone
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlparse, parse_qs

PORT, PULLS, COUNTS = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
PER_PAGE = 100
PAGES = (PULLS + PER_PAGE - 1) // PER_PAGE
START = datetime(2026, 7, 1, tzinfo=timezone.utc)
OWNER = {"login": "bench-org", "id": 1, "type": "Organization"}
REPO = {"id": 77, "full_name": "bench-org/big", "name": "big", "owner": OWNER, "default_branch": "main"}
counts = {}
lock = threading.Lock()


def pr(i):
    number = i + 1
    t = (START - timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"id": 10_000_000 + number, "number": number, "state": "closed" if i % 3 else "open", "draft": False,
            "title": f"Change {number}", "user": {"login": "octocat", "id": 2}, "created_at": t, "updated_at": t,
            "closed_at": t if i % 3 else None, "merged_at": t if i % 3 == 1 else None,
            "merge_commit_sha": f"{number:040x}", "body": "x" * 4000,
            "base": {"ref": "main", "sha": "a" * 40, "repo": REPO}, "head": {"ref": f"f{number}", "sha": f"{number:040x}", "repo": REPO}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # headers and body go out as two writes: without this, Nagle + delayed ACK add 40 ms a call
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, body, link=None, status=200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if link:
            self.send_header("Link", link)
        self.end_headers()
        self.wfile.write(data)

    def count(self, kind):
        with lock:
            counts[kind] = counts.get(kind, 0) + 1

    def do_POST(self):
        self.count("token")
        self.send({"token": "ghs_bench", "expires_at": "2099-01-01T00:00:00Z"}, status=201)

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        p = url.path
        if p == "/ready":
            return self.send({})
        if p == "/app/installations":
            self.count("discovery"); return self.send([{"id": 1, "account": OWNER}])
        if p == "/installation/repositories":
            self.count("discovery"); return self.send({"total_count": 1, "repositories": [REPO]})
        if p == "/repos/bench-org/big/pulls":
            self.count("list_page")
            page = int(q.get("page", ["1"])[0])
            items = [pr(i) for i in range((page - 1) * PER_PAGE, min(page * PER_PAGE, PULLS))]
            link = f'<http://127.0.0.1:{PORT}{p}?state=all&per_page=100&page={page + 1}>; rel="next"' if page < PAGES else None
            return self.send(items, link)
        if p.startswith("/repos/bench-org/big/pulls/") and p.endswith("/reviews"):
            self.count("reviews")
            n = int(p.split("/")[5])
            return self.send([{"id": 50_000_000 + n, "user": {"login": "hubot", "id": 3}, "state": "APPROVED",
                               "commit_id": f"{n:040x}", "submitted_at": "2026-06-20T00:00:00Z"}])
        if p == "/repos/bench-org/big/actions/runs":
            self.count("list_page"); return self.send({"total_count": 0, "workflow_runs": []})
        if p in ("/repos/bench-org/big/deployments", "/repos/bench-org/big/releases", "/repos/bench-org/big/issues"):
            self.count("list_page"); return self.send([])
        self.count("unexpected"); self.send({"message": "Not Found"}, status=404)


def stop(*_):
    with open(COUNTS, "w") as f:
        json.dump(counts, f)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
