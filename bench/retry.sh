#!/usr/bin/env bash
# Retry efficiency: DELIVERIES (default 10,000) deliveries over 100-delivery pages with one in
# FAIL_EVERY (default 5, i.e. 20%) failed, served by a GitHub fake on loopback; the packaged retry
# service (local mode, empty store) runs twice. Counts GitHub calls (from the fake) and store
# look-ups (from the run summary), and the wall time. Writes docs/benchmarks-retry.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
N="${DELIVERIES:-10000}"; FAIL_EVERY="${FAIL_EVERY:-5}"
WORK="$(mktemp -d)"; PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
JAR=retry-service/target/retry-service.jar
[ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl retry-service -am
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
gh=$(free_port); svc=$(free_port)
python3 bench/retry/fake_github.py "$gh" "$N" 100 "$FAIL_EVERY" & PIDS+=($!)
PORT=$svc GMA_DATA_DIR="$WORK/data" GITHUB_APP_ID=1 GITHUB_PRIVATE_KEY="$(openssl genrsa 2048 2>/dev/null)" \
  GITHUB_API_BASE_URL="http://127.0.0.1:$gh" java -jar "$JAR" >"$WORK/retry.log" 2>&1 & PIDS+=($!)
for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$svc/health" && break; sleep 0.1; done

run() { # -> "wall_ms summary_json"
  local t0 t1 body; t0=$(date +%s%3N)
  body=$(curl -s -X POST "http://127.0.0.1:$svc/retry"); t1=$(date +%s%3N)
  echo "$((t1 - t0)) $body"
}
first=$(run); stats1=$(curl -s "http://127.0.0.1:$gh/stats")
second=$(run); stats2=$(curl -s "http://127.0.0.1:$gh/stats")

python3 - "$N" "$FAIL_EVERY" "$first" "$stats1" "$second" "$stats2" >docs/benchmarks-retry.md <<'PY'
import json, sys
n, every = int(sys.argv[1]), int(sys.argv[2])
def parse(run):
    ms, body = run.split(" ", 1)
    return int(ms), json.loads(body)
(ms1, s1), st1 = parse(sys.argv[3]), json.loads(sys.argv[4])
(ms2, s2), st2 = parse(sys.argv[5]), json.loads(sys.argv[6])
failed = n // every
def row(name, ms, s, calls, target_calls):
    return (f"| {name} | {s['pages']} | {s['redelivered']} | {calls} | {target_calls} | "
            f"{s['store_lookups']} | {ms} |")
calls1 = st1["list_calls"] + st1["redelivery_calls"]
calls2 = st2["list_calls"] + st2["redelivery_calls"] - calls1
assert s1["redelivered"] == failed and st1["distinct_redelivered"] == failed, (s1, st1)
assert s2["redelivered"] == 0, s2
print(f"""## 7. Retry efficiency: {n:,} deliveries, {n // 100} pages, {100 // every}% failed

`bash bench/retry.sh`: a Python GitHub fake on loopback serves {n:,} deliveries newest first,
100 a page (one in {every} failed, each GUID once), and accepts redeliveries with 202; the packaged
retry service runs in local mode on an empty store, twice. GitHub calls are counted by the fake;
store look-ups come from the run summary (`store_lookups`, each one parameterised query for a
whole page). Target: pages + redeliveries calls to GitHub, one store query per page.

| run | pages read | redelivered | GitHub calls | target (pages + redeliveries) | store look-ups | wall ms |
|---|---|---|---|---|---|---|
{row("first (empty store)", ms1, s1, calls1, s1['pages'] + s1['redelivered'])}
{row("second (from the checkpoint)", ms2, s2, calls2, s2['pages'] + s2['redelivered'])}

Every failed GUID was redelivered exactly once ({st1['distinct_redelivered']:,} distinct of {failed:,}); the
second run read one page (down to the checkpoint) and redelivered nothing. Per redelivery the
service also writes one `redeliveries` row (not counted as a look-up).
""")
PY
echo "[bench] wrote docs/benchmarks-retry.md" >&2
cat docs/benchmarks-retry.md
