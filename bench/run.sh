#!/usr/bin/env bash
# One command for every benchmark: bash bench/run.sh
# Builds the jars, installs the load generators (wrk, hey from Debian), the Pub/Sub emulator's
# runtime is gcloud's (installed on this machine), the peers (@octokit/webhooks, better-sqlite3,
# @google-cloud/pubsub from npm), measures, and writes docs/benchmarks.md. Loopback only.
# DURATION (seconds per fixed-rate run, default 10) and SKIP_BUILD=1 shorten a run; section 1
# (bench/webhook.sh) has its own knobs (WEBHOOK_DURATION, WARMUP, SIZES, CONCS, MODES, ...).
# SECTIONS="1 3" runs only those sections (1-5, leech, retry, backfill, analytics) and puts each
# section's new text into the existing docs/benchmarks.md between its markers; a full run rewrites it.
# WEBHOOK_ROWS names section 1's rows (bench/webhook.sh ROWS_OUT) for a run of section 5 alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d)
OUT="$ROOT/docs/benchmarks.md"
DURATION=${DURATION:-10}
SECRET=bench-secret
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

log() { echo "[bench] $*" >&2; }

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v hey >/dev/null || missing+=(hey)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  # better-sqlite3 builds its native module from source here (its prebuilt download is not
  # reachable); the Node headers of the Debian/NodeSource package are used for that.
  local nodedir=(); [ -f /usr/include/node/node.h ] && nodedir=(--nodedir=/usr)
  (cd bench/peer && npm install --silent --no-audit --no-fund "${nodedir[@]}" >/dev/null)
  if [ "${SKIP_BUILD:-}" != "1" ]; then
    mvn -B -q -ntp -DskipTests package -pl webhook-service,retry-service,leech-pipeline,backfill-pipeline -am
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sign() { openssl dgst -sha256 -hmac "$SECRET" "$1" | sed 's/^.*= /sha256=/'; }
now_ms() { date +%s%3N; }

wait_for() { # url, timeout seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -s -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timeout waiting for $1"; return 1; }
    sleep 0.05
  done
}

start_gma() { # port, data dir, extra jvm args...
  local port=$1 data=$2; shift 2
  PORT=$port GMA_DATA_DIR=$data GITHUB_WEBHOOK_SECRET=$SECRET \
    java "$@" -jar webhook-service/target/webhook-service.jar >"$WORK/gma-$port.log" 2>&1 &
  echo $!
}

start_peer() { # port
  PORT=$1 GITHUB_WEBHOOK_SECRET=$SECRET node bench/peer/server.mjs >"$WORK/peer-$1.log" 2>&1 &
  echo $!
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

run_wrk() { # port, body file, event, seconds -> "rps p50_ms p99_ms non2xx"
  local out
  out=$(BODY_FILE=$2 SIGNATURE=$(sign "$2") EVENT=$3 wrk -t2 -c16 -d"${4}s" --latency \
        -s bench/lib/webhook.lua "http://127.0.0.1:$1" 2>&1 | grep '^RESULT')
  python3 - "$out" <<'PY'
import sys, re
kv = dict(re.findall(r"(\w+)=(\d+)", sys.argv[1]))
rps = int(kv["requests"]) / (int(kv["duration_us"]) / 1e6)
print(f'{rps:.0f} {int(kv["p50_us"])/1000:.2f} {int(kv["p99_us"])/1000:.2f} {kv["errors_status"]} {kv["requests"]}')
PY
}

webhook_section() { # section 1: bench/webhook.sh writes docs/benchmarks-webhook.md; printed here
  DURATION=${WEBHOOK_DURATION:-8} ROWS_OUT="$WORK/webhook-rows.tsv" bash bench/webhook.sh >&2
  cat docs/benchmarks-webhook.md
}

fixed_rate() { # 1,000 requests/s for DURATION seconds with hey (20 workers x 50 qps)
  local file=$1 port pid data out
  port=$(free_port); data="$WORK/data-rate"
  pid=$(start_gma "$port" "$data" -Xmx1g); PIDS+=("$pid")
  wait_for "http://127.0.0.1:$port/health" 60
  local sig; sig=$(sign "$file")
  hey -z 3s -c 20 -q 50 -m POST -T application/json -H "X-GitHub-Event: pull_request" \
      -H "X-GitHub-Delivery: bench-rate" -H "X-Hub-Signature-256: $sig" -D "$file" \
      "http://127.0.0.1:$port/webhook" >/dev/null
  out=$(hey -z "${DURATION}s" -c 20 -q 50 -m POST -T application/json -H "X-GitHub-Event: pull_request" \
      -H "X-GitHub-Delivery: bench-rate" -H "X-Hub-Signature-256: $sig" -D "$file" \
      "http://127.0.0.1:$port/webhook")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local rps p50 p99 codes
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '/50% in/ {print $3*1000}')
  p99=$(echo "$out" | awk '/99% in/ {print $3*1000}')
  codes=$(echo "$out" | awk '/Status code distribution/,0' | grep -E '^\s+\[' | tr -s ' ' | tr '\n' ' ')
  echo "| $(basename "$file") ($(stat -c %s "$file") B) | $rps | $p50 | $p99 | $codes |"
}

cold_start() { # label, extra jvm args...
  local label=$1; shift
  local port data t0 pid body sig ms
  port=$(free_port); data="$WORK/data-cold-$RANDOM"
  body=testdata/ping.json; sig=$(sign "$body")
  t0=$(now_ms)
  pid=$(start_gma "$port" "$data" "$@"); PIDS+=("$pid")
  local deadline=$(( $(date +%s) + 60 )) code=000
  until [ "$code" = "201" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/webhook" \
      -H 'Content-Type: application/json' -H 'X-GitHub-Event: ping' -H 'X-GitHub-Delivery: cold' \
      -H "X-Hub-Signature-256: $sig" --data-binary @"$body" || true)
    [ "$(date +%s)" -lt "$deadline" ] || break
    [ "$code" = "201" ] || sleep 0.01
  done
  ms=$(( $(now_ms) - t0 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms"
}

cold_start_retry() { # extra jvm args... -> ms from process start to the first 200 of POST /retry
  local gh port t0 pid ms code=000
  gh=$(free_port); port=$(free_port)
  python3 bench/retry/fake_github.py "$gh" 100 100 5 & local fake=$!; PIDS+=("$fake")
  wait_for "http://127.0.0.1:$gh/stats" 10
  t0=$(now_ms)
  PORT=$port GMA_DATA_DIR="$WORK/data-cold-retry-$RANDOM" GITHUB_APP_ID=1 GITHUB_PRIVATE_KEY="$RETRY_KEY" \
    GITHUB_API_BASE_URL="http://127.0.0.1:$gh" java "$@" -jar retry-service/target/retry-service.jar \
    >"$WORK/retry-cold.log" 2>&1 & pid=$!; PIDS+=("$pid")
  local deadline=$(( $(date +%s) + 60 ))
  until [ "$code" = "200" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/retry" || true)
    [ "$(date +%s)" -lt "$deadline" ] || break
    [ "$code" = "200" ] || sleep 0.01
  done
  ms=$(( $(now_ms) - t0 ))
  kill "$pid" "$fake"; wait "$pid" "$fake" 2>/dev/null || true
  echo "$ms"
}

cold_starts() {
  local cds="$WORK/webhook.jsa" plain cdsrun i
  # Class-data sharing: one training run writes the archive at exit, later starts map it.
  cold_start train -XX:ArchiveClassesAtExit="$cds" >/dev/null
  for i in 1 2 3; do
    plain+="$(cold_start plain) "
    cdsrun+="$(cold_start cds -XX:SharedArchiveFile="$cds") "
  done
  echo "| JVM flags | runs (ms) | best (ms) |"
  echo "|---|---|---|"
  echo "| default | $plain | $(echo $plain | tr ' ' '\n' | sort -n | head -1) |"
  echo "| AppCDS archive (-XX:SharedArchiveFile) | $cdsrun | $(echo $cdsrun | tr ' ' '\n' | sort -n | head -1) |"
  local rcds="$WORK/retry.jsa" rplain="" rcdsrun=""
  RETRY_KEY="$(openssl genrsa 2048 2>/dev/null)"
  cold_start_retry -XX:ArchiveClassesAtExit="$rcds" >/dev/null
  for i in 1 2 3; do
    rplain+="$(cold_start_retry) "
    rcdsrun+="$(cold_start_retry -XX:SharedArchiveFile="$rcds") "
  done
  echo
  echo "retry-service (local mode), process start to the first 200 of \`POST /retry\` (a run over one page of a GitHub fake):"
  echo
  echo "| JVM flags | runs (ms) | best (ms) |"
  echo "|---|---|---|"
  echo "| default | $rplain | $(echo $rplain | tr ' ' '\n' | sort -n | head -1) |"
  echo "| AppCDS archive (-XX:SharedArchiveFile) | $rcdsrun | $(echo $rcdsrun | tr ' ' '\n' | sort -n | head -1) |"
}

memory() { # 8 concurrent 25 MB deliveries with -Xmx256m
  local port data pid file sig codes peak
  file="$WORK/25mb.json"; python3 bench/lib/make_payload.py 26000000 "$file"; sig=$(sign "$file")
  port=$(free_port); data="$WORK/data-mem"
  pid=$(start_gma "$port" "$data" -Xmx256m); PIDS+=("$pid")
  wait_for "http://127.0.0.1:$port/health" 60
  codes=$(for i in 1 2 3 4 5 6 7 8; do
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$port/webhook" \
      -H 'Content-Type: application/json' -H 'X-GitHub-Event: pull_request' -H "X-GitHub-Delivery: mem-$i" \
      -H "X-Hub-Signature-256: $sig" --data-binary @"$file" &
  done; wait)
  peak=$(awk '/VmHWM/ {print $2/1024}' "/proc/$pid/status")
  local stored; stored=$(sqlite3 "$data/gma.db" "SELECT COUNT(*) FROM events WHERE delivery_id LIKE 'mem-%'")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "| $(stat -c %s "$file") B x 8 concurrent | $(echo "$codes" | sort | uniq -c | tr -s ' ' | tr '\n' ' ') | $stored of 8 | ${peak} MiB |"
}

hmac_floor() { # against section 1's CPU per request of ours, local mode, 1 MB, c16
  local ours; ours=$(awk -F'\t' '$1=="local" && $2=="ours" && $3=="1mb" && $5=="16" {print $11}' "${WEBHOOK_ROWS:-$WORK/webhook-rows.tsv}" 2>/dev/null)
  [ -n "$ours" ] || { echo "| 1 MB | (no CPU figure: section 1 did not run in this run) | | |"; return 0; }
  local us
  us=$(java bench/lib/HmacFloor.java "$WORK/1mb.json" 300 | sed 's/.*us_per_hmac=\([0-9.]*\).*/\1/')
  echo "| 1 MB | $us | $ours | $(python3 -c "print(f'{$ours/$us:.1f}x')") |"
}

SECTIONS=${SECTIONS:-all}
want() { [ "$SECTIONS" = all ] || [[ " $SECTIONS " == *" $1 "* ]]; }

# Puts TEXT between <!-- NAME:start --> and <!-- NAME:end --> of docs/benchmarks.md.
splice() { # name text
  python3 - "$OUT" "$1" "$2" <<'PY'
import re, sys
out, name, text = sys.argv[1:4]
doc = open(out).read()
start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
if start not in doc:
    sys.exit(f"{out} has no {start} marker: run the whole bench/run.sh once")
doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: start + "\n" + text.strip() + "\n" + end, doc, flags=re.S)
open(out, "w").write(doc)
PY
}

main() {
  install_tools
  local machine; machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  python3 bench/lib/make_payload.py 1024 "$WORK/1kb.json"
  python3 bench/lib/make_payload.py 1048576 "$WORK/1mb.json"
  local s1="" fr="" cs="" mem="" hf=""
  if want 1; then log "1: webhook request path against peers"; s1=$(webhook_section); fi
  if want 2; then log "2: fixed rate"; fr=$(fixed_rate testdata/pull_request.opened.json; fixed_rate "$WORK/1kb.json"); fi
  if want 3; then log "3: cold start"; cs=$(cold_starts); fi
  if want 4; then log "4: memory"; mem=$(memory); fi
  if want 5; then log "5: hmac floor"; hf=$(hmac_floor); fi
  if want leech; then log "leech"; bash bench/leech.sh >/dev/null; fi
  if want retry; then log "retry"; bash bench/retry.sh >/dev/null; fi
  if want backfill; then log "backfill"; bash bench/backfill.sh >/dev/null; fi
  if [ "$SECTIONS" != all ]; then
    if want 1; then splice bench-s1 "$s1"; fi
    if want 2; then splice bench-s2 "$fr"; fi
    if want 3; then splice bench-s3 "$cs"; fi
    if want 4; then splice bench-s4 "$mem"; fi
    if want 5; then splice bench-s5 "$hf"; fi
    if want analytics; then bash "$ROOT/bench/analytics-cost.sh"; fi
    log "updated sections $SECTIONS of $OUT (leech, retry and backfill write their own docs/benchmarks-*.md; a full run folds them in)"
    return 0
  fi
  local leech; leech=$(cat docs/benchmarks-leech.md; echo; cat docs/benchmarks-retry.md)
  cat >"$OUT" <<EOF
# Benchmarks

Written by \`bash bench/run.sh\` on $(date -u +%Y-%m-%d). Machine: $machine; $(java -version 2>&1 | head -1);
node $(node --version). Load generator and server share the machine (loopback), so absolute
figures are low and ratios are what to read. Load average when the run started: $load
(other builds may share the machine; section 1 gives the load before its own run).

<!-- bench-s1:start -->
$s1
<!-- bench-s1:end -->

## 2. Fixed rate: 1,000 requests/s (hey, 20 workers x 50 req/s, ${DURATION}s)

| payload | achieved req/s | p50 ms | p99 ms | status codes |
|---|---|---|---|---|
<!-- bench-s2:start -->
$fr
<!-- bench-s2:end -->

## 3. Cold start: process start to the first 201 (webhook-service, local mode)

\`bin/run-local\` uses the AppCDS archive: the first start of a jar writes it, later starts map it.

<!-- bench-s3:start -->
$cs
<!-- bench-s3:end -->

## 4. Memory: 8 concurrent ~25 MB deliveries, -Xmx256m

| load | answers (count code) | stored | peak RSS |
|---|---|---|---|
<!-- bench-s4:start -->
$mem
<!-- bench-s4:end -->

## 5. Verification path against its floor

| payload | bare HMAC-SHA256 loop µs | ours: CPU µs per request, local mode, c16 (section 1: HTTP, HMAC, JSON scan, durable store) | ratio |
|---|---|---|---|
<!-- bench-s5:start -->
$hf
<!-- bench-s5:end -->

$leech

## Against the targets of issue 6

- **Throughput and p99 vs the peer**: issue 6 compared ours with a peer that stores nothing;
  issue 14 compares it with peers doing the same work (a durable SQLite insert locally, a Pub/Sub
  publish acked before the 201 in GCP mode) and keeps the no-storage peer as the price of
  durability. Section 1 gives the figures and, target by target, where they are met and missed.
- **CPU at 1 MB within 3x of the bare HMAC loop: not met** (section 5): the JSON scan alone is
  several times the HMAC, and the durable store writes the megabyte twice (WAL, then checkpoint).
- **Cold start under 1.5 s on the JVM: met with the AppCDS archive** for both services
  (section 3); \`bin/run-local\` writes and uses one per jar. Without it, about 2 s.
- **Zero lost, zero duplicated in \`events_unique\`**: met in every fault run
  (\`system-tests\`, [fault-test.md](fault-test.md)).

$(cat "$ROOT/bench/analytics-cost.md")

$(cat "$ROOT/docs/benchmarks-backfill.md")
EOF
  bash "$ROOT/bench/analytics-cost.sh"
  log "wrote $OUT"
}

main "$@"
