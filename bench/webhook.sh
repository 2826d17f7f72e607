#!/usr/bin/env bash
# Section 1 of docs/benchmarks.md: the webhook request path against peers doing the same work.
#   local mode: ours (SQLite, WAL, synchronous=FULL) vs the durable peer (better-sqlite3 insert per
#               delivery, WAL, synchronous=FULL) vs the no-storage peer (verify and parse only);
#   GCP mode:   ours publishing to the Pub/Sub emulator vs the Pub/Sub peer (publishMessage, 201 after the ack).
# Each payload size at each concurrency (wrk -t1), a warm-up before every measured point, server
# CPU per request (user+sys of the server process / requests) for every row. Then the warm-up
# curve (answers per second for the first WARMUP_CURVE seconds after start) with and without the
# launch flags of the image, and (PROFILE=1, default on) a JFR profile of ours at every point.
# Writes docs/benchmarks-webhook.md's generated blocks. Expects the jar built and wrk installed
# (bench/run.sh does both). Env: DURATION (s per point, 8), WARMUP (s before each point, 4; the
# first point of each server start WARMUP_FIRST, 30),
# SIZES ("1kb 22kb 64kb 1mb"), CONCS ("16 64"), MODES ("local gcp"), WARMUP_CURVE (s, 60; 0 = skip),
# PROFILE (1), PROFILE_DURATION (s, 6).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d)
OUT="$ROOT/docs/benchmarks-webhook.md"
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-4}
# A fresh server's first point warms up longer: the JVM is still compiling the request path
# for tens of seconds after start on this machine (the warm-up curve below), and compiler
# threads' CPU would be billed to the requests of the point. Node peers get the same warm-up.
export WARMUP_FIRST=${WARMUP_FIRST:-30}
SIZES=${SIZES:-"1kb 22kb 64kb 1mb"}
CONCS=${CONCS:-"16 64"}
MODES=${MODES:-"local gcp"}
WARMUP_CURVE=${WARMUP_CURVE:-60}
PROFILE=${PROFILE:-1}
PROFILE_DURATION=${PROFILE_DURATION:-6}
SECRET=bench-secret
JAR=webhook-service/target/webhook-service.jar
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  if [ -n "${EMULATOR_PGID:-}" ]; then kill -- "-$EMULATOR_PGID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[bench:webhook] $*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sign() { openssl dgst -sha256 -hmac "$SECRET" "$1" | sed 's/^.*= /sha256=/'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
wait_for() { # url, timeout seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -s -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timeout waiting for $1"; return 1; }
    sleep 0.05
  done
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# The launch flags of the container image (webhook-service/pom.xml, jib jvmFlags), minus the CDS
# archive path, which bench passes itself: the same JVM settings as production.
IMAGE_FLAGS=(-XX:+UseSerialGC)
GCP_ENV=()
start_ours() { # mode port data [jvm args...] -> pid; CPUS=0 pins the JVM to one CPU (Cloud Run's 1 vCPU)
  local mode=$1 port=$2 data=$3; shift 3
  local pin=(); [ -n "${CPUS:-}" ] && pin=(taskset -c "$CPUS")
  if [ "$mode" = gcp ]; then
    env PORT="$port" GITHUB_WEBHOOK_SECRET=$SECRET GMA_DATA_DIR="$data" "${GCP_ENV[@]}" \
      "${pin[@]}" java -Xmx1g "$@" -Dpubsub.emulator.host="$EMULATOR" -jar "$JAR" >"$WORK/ours-$port.log" 2>&1 &
  else
    PORT=$port GMA_DATA_DIR=$data GITHUB_WEBHOOK_SECRET=$SECRET "${pin[@]}" java -Xmx1g "$@" -jar "$JAR" \
      >"$WORK/ours-$port.log" 2>&1 &
  fi
  echo $!
}
start_node() { # script port [env...] -> pid
  local script=$1 port=$2; shift 2
  env PORT="$port" GITHUB_WEBHOOK_SECRET=$SECRET "$@" node "bench/peer/$script" >"$WORK/node-$port.log" 2>&1 &
  echo $!
}

run_wrk() { # port body conc seconds [lua] -> "rps p50_ms p99_ms non2xx requests"
  local out lua=${5:-bench/lib/webhook.lua}
  out=$(BODY_FILE=$2 SIGNATURE=$(sign "$2") EVENT=pull_request WEBHOOK_LUA=bench/lib/webhook.lua \
        wrk -t1 -c"$3" -d"${4}s" --timeout 20s --latency -s "$lua" "http://127.0.0.1:$1" 2>&1)
  echo "$out" >"$WORK/wrk-last.txt"
  python3 - "$(echo "$out" | grep '^RESULT')" <<'PY'
import sys, re
kv = dict(re.findall(r"(\w+)=(\d+)", sys.argv[1]))
rps = int(kv["requests"]) / (int(kv["duration_us"]) / 1e6)
print(f'{rps:.0f} {int(kv["p50_us"])/1000:.2f} {int(kv["p99_us"])/1000:.2f} {kv["errors_status"]} {kv["requests"]}')
PY
}

measure() { # mode server pid port payload file conc warm-up-seconds -> appends a row to $ROWS
  local mode=$1 server=$2 pid=$3 port=$4 payload=$5 file=$6 conc=$7 warm=$8 t0 t1 r hz
  run_wrk "$port" "$file" "$conc" "$warm" >/dev/null
  t0=$(cpu_ticks "$pid")
  r=$(run_wrk "$port" "$file" "$conc" "$DURATION")
  t1=$(cpu_ticks "$pid")
  hz=$(getconf CLK_TCK)
  read -r rps p50 p99 non2xx requests <<<"$r"
  local cpu; cpu=$(python3 -c "print(f'{($t1-$t0)/$hz*1e6/max(1,$requests):.0f}')")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$server" "$payload" "$(stat -c %s "$file")" \
    "$conc" "$rps" "$p50" "$p99" "$non2xx" "$requests" "$cpu" >>"$ROWS"
  log "$mode $server $payload c$conc: $rps req/s p50 $p50 p99 $p99 ms, CPU $cpu µs/req, non-2xx $non2xx"
}

payload_file() { case $1 in 1kb) echo "$WORK/1kb.json" ;; 22kb) echo testdata/pull_request.opened.json ;;
  64kb) echo "$WORK/64kb.json" ;; 1mb) echo "$WORK/1mb.json" ;; esac; }

bench_server() { # mode server payload
  local mode=$1 server=$2 payload=$3 file port pid data
  file=$(payload_file "$payload"); port=$(free_port); data="$WORK/data-$mode-$RANDOM"; mkdir -p "$data"
  if [ "$mode" = gcp ]; then start_emulator; fi
  case "$server" in
    ours) pid=$(start_ours "$mode" "$port" "$data" "${IMAGE_FLAGS[@]}") ;;
    "durable peer") pid=$(start_node durable.mjs "$port" DB_FILE="$data/peer.db") ;;
    "no-storage peer") pid=$(start_node server.mjs "$port") ;;
    "pubsub peer") pid=$(start_node pubsub.mjs "$port" PUBSUB_EMULATOR_HOST="$EMULATOR" PROJECT_ID=bench TOPIC=events) ;;
  esac
  PIDS+=("$pid")
  wait_for "http://127.0.0.1:$port/health" 90
  local warm=$WARMUP_FIRST
  for conc in $CONCS; do measure "$mode" "$server" "$pid" "$port" "$payload" "$file" "$conc" "$warm"; warm=$WARMUP; done
  stop "$pid"; stop_emulator; rm -rf "$data"
}

start_emulator() { # a fresh emulator: one per GCP server start, so no run inherits another's backlog
  stop_emulator
  EMULATOR="127.0.0.1:$(free_port)"
  CLOUDSDK_CORE_DISABLE_USAGE_REPORTING=true CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK=true \
    setsid gcloud beta emulators pubsub start --host-port="$EMULATOR" --project=bench >"$WORK/emulator.log" 2>&1 &
  EMULATOR_PGID=$!
  wait_for "http://$EMULATOR/" 90
  for t in events dlq; do curl -s -X PUT -H "content-type: application/json" "http://$EMULATOR/v1/projects/bench/topics/$t" -d "{}" >/dev/null; done
  # No subscription: the emulator then acknowledges and drops each message. With one, it keeps
  # every message in its own heap (gigabytes at these rates) and stalls; both sides publish alike.
  GCP_ENV=(PROJECT_ID=bench GOOGLE_CLOUD_PROJECT=bench MICRONAUT_ENVIRONMENTS=gcp DATASET_ID=ds
    EVENTS_TOPIC_ID=events DLQ_EVENTS_TOPIC_ID=dlq PAYLOAD_BUCKET_NAME=payloads GMA_EVENTS_TOKENS=bench-token
    PUBSUB_EMULATOR_HOST="$EMULATOR")
}

stop_emulator() {
  if [ -n "${EMULATOR_PGID:-}" ]; then
    kill -- "-$EMULATOR_PGID" 2>/dev/null || true
    wait "$EMULATOR_PGID" 2>/dev/null || true
    EMULATOR_PGID=""
  fi
}

warmup_curve() { # label mode [jvm args...] -> "label: n1 n2 ..." (2xx answers in each second after start)
  local label=$1 mode=$2; shift 2
  local port data pid t0 out file
  if [ "$mode" = gcp ]; then start_emulator; fi
  file=$(payload_file 22kb); port=$(free_port); data="$WORK/data-curve-$RANDOM"; mkdir -p "$data"
  t0=$(date +%s)
  pid=$(start_ours "$mode" "$port" "$data" "$@"); PIDS+=("$pid")
  wait_for "http://127.0.0.1:$port/health" 90
  out=$(BODY_FILE=$file SIGNATURE=$(sign "$file") EVENT=pull_request WEBHOOK_LUA=$ROOT/bench/lib/webhook.lua \
        wrk -t1 -c16 -d"${WARMUP_CURVE}s" --timeout 20s -s bench/lib/warmup.lua "http://127.0.0.1:$port" 2>&1)
  stop "$pid"; stop_emulator; rm -rf "$data"
  python3 - "$label" "$t0" "$WARMUP_CURVE" <<PY
import sys
label, t0, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
per = {}
for line in """$out""".splitlines():
    if line.startswith("SECOND "):
        _, s, c = line.split(); per[int(s) - t0] = int(c)
last = max(per) if per else 0
series = [per.get(s, 0) for s in range(0, last + 1)]
full = sorted(series[-10:])[len(series[-10:]) // 2] if series else 0   # median of the last 10 s
to90 = next((s for s, c in enumerate(series) if c >= 0.9 * full), None)
first = next((s for s, c in enumerate(series) if c > 0), None)
print(f"{label}\t{first}\t{to90}\t{full}\t{' '.join(map(str, series))}")
PY
}

jfr_profile() { # mode payload conc -> JFR aggregate, Markdown
  local mode=$1 payload=$2 conc=$3 file port data pid jfr
  file=$(payload_file "$payload"); port=$(free_port); data="$WORK/data-prof-$RANDOM"; mkdir -p "$data"
  if [ "$mode" = gcp ]; then start_emulator; fi
  jfr="$WORK/prof-$mode-$payload-$conc.jfr"
  # The JDK's profile settings, sampling every millisecond (JFR takes a few threads per period).
  sed -E '/method-sampling-(java|native)-interval/ s/>[0-9]+ ms</>1 ms</' "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$WORK/sampling.jfc"
  pid=$(start_ours "$mode" "$port" "$data" "${IMAGE_FLAGS[@]}" \
    "-XX:StartFlightRecording=filename=$jfr,settings=$WORK/sampling.jfc,delay=$((WARMUP + 6))s,duration=${PROFILE_DURATION}s")
  PIDS+=("$pid")
  wait_for "http://127.0.0.1:$port/health" 90
  run_wrk "$port" "$file" "$conc" $((WARMUP + 6 + PROFILE_DURATION + 2)) >/dev/null
  stop "$pid"; stop_emulator; rm -rf "$data"
  python3 bench/lib/jfr_top.py "$jfr" "$mode $payload c$conc"
}

main() {
  python3 bench/lib/make_payload.py 1024 "$WORK/1kb.json"
  python3 bench/lib/make_payload.py 65536 "$WORK/64kb.json"
  python3 bench/lib/make_payload.py 1048576 "$WORK/1mb.json"
  ROWS="$WORK/rows.tsv"
  printf 'mode\tserver\tpayload\tbytes\tconc\trps\tp50_ms\tp99_ms\tnon2xx\trequests\tcpu_us\n' >"$ROWS"
  # ROWS_IN: rows of an earlier invocation to keep beside this one's (e.g. MODES=gcp after a local run)
  if [ -n "${ROWS_IN:-}" ]; then tail -n +2 "$ROWS_IN" >>"$ROWS"; fi
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  for payload in $SIZES; do
    if [ "${SKIP_MEASURE:-}" != 1 ] && [[ " $MODES " == *" local "* ]]; then
      for server in ours "durable peer" "no-storage peer"; do bench_server local "$server" "$payload"; done
    fi
  done
  if [ "${SKIP_MEASURE:-}" != 1 ] && [[ " $MODES " == *" gcp "* ]]; then
    for payload in $SIZES; do
      for server in ours "pubsub peer"; do bench_server gcp "$server" "$payload"; done
    done
  fi
  local tables=""; [ "${SKIP_MEASURE:-}" = 1 ] || tables=$(python3 bench/lib/section1_table.py "$ROWS")
  if [ -n "${ROWS_OUT:-}" ]; then cp "$ROWS" "$ROWS_OUT"; fi

  local curves="" cds="$WORK/webhook.jsa"
  if [ "$WARMUP_CURVE" -gt 0 ]; then
    log "warm-up curves (${WARMUP_CURVE}s each)"
    # The archive a training run writes at exit, as the image build does (see webhook-service/README.md).
    local tp; tp=$(free_port); local tpid
    tpid=$(start_ours local "$tp" "$WORK/data-train" -XX:ArchiveClassesAtExit="$cds"); PIDS+=("$tpid")
    wait_for "http://127.0.0.1:$tp/health" 90
    run_wrk "$tp" "$(payload_file 22kb)" 16 3 >/dev/null; stop "$tpid"
    local m
    # One CPU stands for a Cloud Run instance's 1 vCPU; two CPUs for the same instance with
    # startup CPU boost (which lasts for the start-up and 10 s after it; here, the whole curve).
    for m in $MODES; do
      curves+="$(CPUS=0 warmup_curve "$m, 1 CPU, default JVM flags" "$m")"$'\n'
      curves+="$(CPUS=0 warmup_curve "$m, 1 CPU, image flags + AppCDS" "$m" "${IMAGE_FLAGS[@]}" -XX:SharedArchiveFile="$cds")"$'\n'
      curves+="$(warmup_curve "$m, 2 CPUs (startup boost), image flags + AppCDS" "$m" "${IMAGE_FLAGS[@]}" -XX:SharedArchiveFile="$cds")"$'\n'
    done
  fi

  local profiles=""
  if [ "$PROFILE" = 1 ]; then
    for m in $MODES; do
      for payload in $SIZES; do for conc in $CONCS; do
        log "profile $m $payload c$conc"
        profiles+="$(jfr_profile "$m" "$payload" "$conc")"$'\n\n'
      done; done
    done
  fi

  python3 - "$OUT" "$tables" "$curves" "$profiles" "$load" "$DURATION" "$WARMUP" <<'PY'
import re, sys
out, tables, curves, profiles, load, duration, warmup = sys.argv[1:8]
doc = open(out).read()
def put(name, text):
    global doc
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if text.strip():
        doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda m: start + "\n" + text.strip() + "\n" + end, doc, flags=re.S)
if tables.strip():
    first = __import__("os").environ.get("WARMUP_FIRST", "30")
    put("webhook-tables", f"wrk -t1; {duration} s measured per point, after a {first} s warm-up for the first point of each server start and {warmup} s for the next; load average before the run: {load}.\n\n" + tables)
if curves.strip():
    rows = ["| start | first 2xx (s after launch) | 90% of full speed (s) | full speed (req/s, median of the last 10 s) | 2xx per second from launch |", "|---|---|---|---|---|"]
    for line in curves.strip().splitlines():
        label, first, to90, full, series = line.split("\t")
        rows.append(f"| {label} | {first} | {to90} | {full} | {series} |")
    put("webhook-warmup", "\n".join(rows))
put("webhook-profile", profiles)
open(out, "w").write(doc)
PY
  log "wrote $OUT"
}

main "$@"
