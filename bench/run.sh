#!/usr/bin/env bash
# One command for every benchmark: bash bench/run.sh
# Builds the jars, installs the load generators (wrk, hey from Debian) and the peer
# (@octokit/webhooks from npm), measures, and writes docs/benchmarks.md. Loopback only.
# DURATION (seconds per throughput run, default 10) and SKIP_BUILD=1 shorten a run.
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
  (cd bench/peer && npm install --silent --no-audit --no-fund >/dev/null)
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

throughput() {
  local payloads=("1kb:$WORK/1kb.json" "22kb:testdata/pull_request.opened.json" "64kb:$WORK/64kb.json" "1mb:$WORK/1mb.json")
  python3 bench/lib/make_payload.py 1024 "$WORK/1kb.json"
  python3 bench/lib/make_payload.py 65536 "$WORK/64kb.json"
  python3 bench/lib/make_payload.py 1048576 "$WORK/1mb.json"
  echo "| payload | bytes | ours req/s | peer req/s | ratio | ours p50 / p99 ms | peer p50 / p99 ms | ours non-2xx | ours CPU µs/req |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for entry in "${payloads[@]}"; do
    local name=${entry%%:*} file=${entry#*:} bytes
    bytes=$(stat -c %s "$file")
    local port data pid peerport peerpid ours peer t0 t1
    port=$(free_port); data="$WORK/data-$name"
    pid=$(start_gma "$port" "$data" -Xmx1g); PIDS+=("$pid")
    wait_for "http://127.0.0.1:$port/health" 60
    run_wrk "$port" "$file" pull_request 3 >/dev/null   # JIT warm-up
    t0=$(cpu_ticks "$pid")
    ours=$(run_wrk "$port" "$file" pull_request "$DURATION")
    t1=$(cpu_ticks "$pid")
    local stored
    stored=$(sqlite3 "$data/gma.db" 'SELECT COUNT(*) FROM events' 2>/dev/null || echo "?")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    peerport=$(free_port); peerpid=$(start_peer "$peerport"); PIDS+=("$peerpid")
    wait_for "http://127.0.0.1:$peerport/" 30
    run_wrk "$peerport" "$file" pull_request 3 >/dev/null
    peer=$(run_wrk "$peerport" "$file" pull_request "$DURATION")
    kill "$peerpid"; wait "$peerpid" 2>/dev/null || true
    read -r o_rps o_p50 o_p99 o_err o_req <<<"$ours"
    read -r p_rps p_p50 p_p99 _ _ <<<"$peer"
    local hz cpu_us
    hz=$(getconf CLK_TCK)
    cpu_us=$(python3 -c "print(f'{($t1-$t0)/$hz*1e6/max(1,$o_req):.0f}')")
    echo "$name $cpu_us" >>"$WORK/cpu.txt"
    echo "| $name | $bytes | $o_rps | $p_rps | $(python3 -c "print(f'{$o_rps/$p_rps:.2f}x')") | $o_p50 / $o_p99 | $p_p50 / $p_p99 | $o_err | $cpu_us |"
    log "$name: ours $ours (rows stored incl. warm-up: $stored) | peer $peer"
  done
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

hmac_floor() {
  [ -s "$WORK/cpu.txt" ] || { echo "| 1 MB | (no CPU figure: throughput step did not record one) | | |"; return 0; }
  local us
  us=$(java bench/lib/HmacFloor.java "$WORK/1mb.json" 300 | sed 's/.*us_per_hmac=\([0-9.]*\).*/\1/')
  local ours; ours=$(awk '$1=="1mb" {print $2}' "$WORK/cpu.txt")
  echo "| 1 MB | $us | $ours | $(python3 -c "print(f'{$ours/$us:.1f}x')") |"
}

main() {
  install_tools
  local machine; machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  log "throughput"; local tp; tp=$(throughput)
  log "fixed rate"; local fr; fr=$(fixed_rate testdata/pull_request.opened.json; fixed_rate "$WORK/1kb.json")
  log "cold start"; local cs; cs=$(cold_starts)
  log "memory"; local mem; mem=$(memory)
  log "hmac floor"; local hf; hf=$(hmac_floor)
  log "leech"; bash bench/leech.sh >/dev/null
  log "retry"; bash bench/retry.sh >/dev/null
  log "backfill"; bash bench/backfill.sh >/dev/null
  local leech; leech=$(cat docs/benchmarks-leech.md; echo; cat docs/benchmarks-retry.md)
  cat >"$OUT" <<EOF
# Benchmarks

Written by \`bash bench/run.sh\` on $(date -u +%Y-%m-%d). Machine: $machine; $(java -version 2>&1 | head -1);
node $(node --version). Load generator and server share the machine (loopback), so absolute
figures are low and ratios are what to read. Every run of ours stores each delivery durably in
the local SQLite store (WAL, synchronous=FULL, group commit) before answering 201; the peer
stores nothing.

## 1. Webhook throughput and latency, ours vs @octokit/webhooks

wrk, 2 threads, 16 connections, ${DURATION}s after a 3s warm-up, signed payloads, a fresh
delivery id per request. Peer: \`bench/peer/server.mjs\` (\`Webhooks.verify\`, then 201). CPU µs/req
is the server process's user+system time divided by requests served.

$tp

## 2. Fixed rate: 1,000 requests/s (hey, 20 workers x 50 req/s, ${DURATION}s)

| payload | achieved req/s | p50 ms | p99 ms | status codes |
|---|---|---|---|---|
$fr

## 3. Cold start: process start to the first 201 (webhook-service, local mode)

\`bin/run-local\` uses the AppCDS archive: the first start of a jar writes it, later starts map it.

$cs

## 4. Memory: 8 concurrent ~25 MB deliveries, -Xmx256m

| load | answers (count code) | stored | peak RSS |
|---|---|---|---|
$mem

## 5. Verification path against its floor

| payload | bare HMAC-SHA256 loop µs | ours: CPU µs per request (whole request: HTTP, HMAC, JSON scan, durable store) | ratio |
|---|---|---|---|
$hf

$leech

## Against the targets of issue 6

- **Throughput and p99 vs the peer: not met** at any size. The peer verifies and answers; every
  201 of ours is a row committed to SQLite with \`synchronous=FULL\` (an fsync per group
  commit) after a JSON scan of the whole body, on the same 2 cores that run wrk. Section 1's CPU
  column is the cost: at 1 KB a JFR profile spreads it over Micronaut's request path, the handoff
  of the streamed body to a blocking thread and the SQLite insert, with no single hot spot; at 1 MB, a JFR profile puts about a third
  of the Java samples in Jackson scanning the 1 MB body for the few fields the event needs, and
  the rest in the SQLite write of the payload (native, not sampled), body copies and GC. What is
  met: every delivery stored durably before its 201, none lost at any size (section 4 and the
  fault tests). p99 at 1,000 requests/s (section 2): well under 20 ms at 1 KB; at 22 KB it sits
  on the 20 ms line and varies around it from run to run (16.6 ms and 24.9 ms in two runs on
  this machine), so that target is met at 1 KB only.
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
