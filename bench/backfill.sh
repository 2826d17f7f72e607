#!/usr/bin/env bash
# Backfill benchmark: the packaged pipeline under -Xmx256m imports a fake history of PULLS pull
# requests (default 10,000; one review each) and, for the memory curve, a tenth of it. Prints
# objects per second, GitHub calls per object (by kind) and peak RSS; writes
# docs/benchmarks-backfill.md (bench/run.sh includes it). Loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
PULLS="${PULLS:-10000}"
WORK="$(mktemp -d)"; PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
JAR=backfill-pipeline/target/backfill-pipeline.jar
[ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl backfill-pipeline -am
key="$(openssl genrsa 2048 2>/dev/null)"

run() { # $1 = pull requests, $2 = heap; prints "seconds peak_rss_mib exit pulls heap events calls_json"
  local pulls=$1 heap=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 bench/backfill/fake_github.py "$port" "$pulls" "$WORK/counts-$pulls-$heap.json" & PID=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/ready" && break; sleep 0.1; done
  local out
  out=$(GMA_DATA_DIR="$WORK/data-$pulls-$heap" GITHUB_APP_ID=1 GITHUB_PRIVATE_KEY="$key" \
    GITHUB_API_BASE_URL="http://127.0.0.1:$port" \
    python3 bench/leech/peak_rss.py java "-Xmx$heap" -jar "$JAR" --since=2000-01-01)
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  local events
  events=$(sqlite3 "$WORK/data-$pulls-$heap/gma.db" "SELECT COUNT(DISTINCT delivery_id) FROM events")
  echo "$out $pulls $heap $events $(cat "$WORK/counts-$pulls-$heap.json")"
}
small=$(run $((PULLS / 10)) 256m)
large=$(run "$PULLS" 256m)
half=$(run "$PULLS" 128m)
python3 - "$small" "$large" "$half" >docs/benchmarks-backfill.md <<'PY'
import json, sys
def parse(line):
    s, rss, code, pulls, heap, events, counts = line.split(" ", 6)
    return float(s), int(rss), int(code), int(pulls), heap, int(events), json.loads(counts)
rows = [parse(a) for a in sys.argv[1:]]
lines = []
for s, rss, code, pulls, heap, events, c in rows:
    objects = pulls * 2  # each pull request and its one review
    calls = sum(c.values())
    floor = c.get("list_page", 0) + pulls  # list pages + one reviews call per pull request
    lines.append(f"| {pulls:,} | -Xmx{heap} | {events:,} | {s:.1f} | {objects / s:,.0f} | {calls:,} | {floor:,} | "
                 f"{c.get('list_page', 0)} / {c.get('reviews', 0):,} / {c.get('discovery', 0) + c.get('token', 0)} / {c.get('unexpected', 0)} | "
                 f"{calls / objects:.3f} | {rss} | {code} |")
print(f"""## 9. Backfill: a {rows[-1][3]:,}-pull-request history, -Xmx256m

`bash bench/backfill.sh` (PULLS={rows[-1][3]}): a Python fake of GitHub on loopback serves one
installation and one repository whose pull requests (100 a page, ~6 KiB of JSON each) have one
review each, and empty deployments, runs, releases and issues; the packaged pipeline (DirectRunner,
local mode, `--since=2000-01-01`) imports them into a fresh SQLite store. Objects = pull requests +
reviews; the floor is the issue's target: list pages + one reviews call per pull request. Peak RSS
is the whole process (`getrusage`), measured at a tenth of the history and at all of it, and all of
it again with half the heap (`-Xmx128m`).

| pull requests | heap | events stored | wall s | objects/s | GitHub calls | floor | lists / reviews / discovery+token / other | calls per object | peak RSS MiB | exit |
|---|---|---|---|---|---|---|---|---|---|---|
""" + "\n".join(lines) + """

Each page (with its reviews) is stored with the repository's checkpoint before the next is read,
so memory stays at one page whatever the history's length: ten times the history fits the same
heap, and half of it too. The RSS is mostly the JVM, Beam and the DirectRunner plus however much of
the allowed heap the collector lets fill before it runs, not retained history. GitHub calls are the
floor plus 4: the installations and repositories lists and one token for each of the two steps.
""")
PY
cat docs/benchmarks-backfill.md
