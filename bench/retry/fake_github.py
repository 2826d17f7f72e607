#!/usr/bin/env python3
"""A GitHub fake for the retry benchmark: N deliveries, newest first, PER_PAGE a page, one in
FAIL_EVERY failed (deterministic), cursor pagination in the Link header, redeliveries accepted with
202 and counted. GET /stats answers the counts. Loopback only.
Usage: fake_github.py PORT N PER_PAGE FAIL_EVERY"""
import os
import re
import sys
from urllib.parse import parse_qs, urlparse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from loopback_http import Handler, serve  # noqa: E402

PORT, N, PER_PAGE, FAIL_EVERY = (int(a) for a in sys.argv[1:5])
stats = {"list_calls": 0, "redelivery_calls": 0, "other_calls": 0, "redelivered_ids": []}


def delivery(i):
    failed = i % FAIL_EVERY == 0
    return {"id": i, "guid": f"guid-{i}", "delivered_at": "2026-11-28T00:00:00Z", "redelivery": False,
            "duration": 0.1, "status": "failed to connect" if failed else "OK",
            "status_code": 502 if failed else 200, "event": "issues", "action": "opened",
            "installation_id": 1, "repository_id": 1}


class GitHub(Handler):

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/stats":
            return self.answer(200, {k: v for k, v in stats.items() if k != "redelivered_ids"}
                               | {"distinct_redelivered": len(set(stats["redelivered_ids"]))})
        if url.path != "/app/hook/deliveries":
            stats["other_calls"] += 1
            return self.answer(404, {"message": "Not Found"})
        stats["list_calls"] += 1
        top = int(parse_qs(url.query).get("cursor", [str(N)])[0])
        ids = list(range(top, max(top - PER_PAGE, 0), -1))
        headers = []
        if ids and ids[-1] > 1:
            headers.append(("Link", f'<http://127.0.0.1:{PORT}/app/hook/deliveries?per_page={PER_PAGE}'
                                    f'&cursor={ids[-1] - 1}>; rel="next"'))
        self.answer(200, [delivery(i) for i in ids], headers)

    def do_POST(self):
        m = re.fullmatch(r"/app/hook/deliveries/(\d+)/attempts", self.path)
        if not m:
            stats["other_calls"] += 1
            return self.answer(404, {"message": "Not Found"})
        stats["redelivery_calls"] += 1
        stats["redelivered_ids"].append(int(m.group(1)))
        self.answer(202, {})


serve(PORT, GitHub)
