#!/usr/bin/env bash
# Leech benchmark: copy one generated archive (SIZE_MB, default 1024) with the packaged pipeline
# under -Xmx256m, against a plain HTTP download (curl) of the same archive from the same server.
# Writes docs/benchmarks-leech.md (bench/run.sh includes it). Loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
SIZE_MB="${SIZE_MB:-1024}"
WORK="$(mktemp -d)"; PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
JAR=leech-pipeline/target/leech-pipeline.jar
[ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl leech-pipeline -am
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
head -c "$((SIZE_MB * 1048576))" /dev/urandom >"$WORK/archive.zip"
python3 bench/leech/fake_github.py "$port" "$WORK/archive.zip" & PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/blob/x" && break; sleep 0.1; done

# Plain download: the floor for moving these bytes through this server on this machine.
plain=$(python3 bench/leech/peak_rss.py curl -s -o "$WORK/plain.zip" "http://127.0.0.1:$port/blob/logs.zip")

# The pipeline: a store holding one completed workflow_run; a first launch with nothing to do
# measures the fixed cost (JVM, Beam, DirectRunner) to subtract from the copying launch.
key="$(openssl genrsa 2048 2>/dev/null)"
run_leech() {
  GMA_DATA_DIR="$WORK/data" GITHUB_APP_ID=1 GITHUB_PRIVATE_KEY="$key" GITHUB_API_BASE_URL="http://127.0.0.1:$port" \
    python3 bench/leech/peak_rss.py java -Xmx256m -jar "$JAR"
}
empty=$(run_leech)
sqlite3 "$WORK/data/gma.db" "INSERT INTO events (delivery_id, signature, received, event, action, payload)
  VALUES ('bench-1', 'x', '2026-11-28T00:00:00.000000Z', 'workflow_run', 'completed', readfile('testdata/workflow_run.completed.json'))"
copy=$(run_leech)
stored=$(sqlite3 "$WORK/data/gma.db" "SELECT status || ' ' || bytes || ' ' || sha256 FROM leech_status")
expected="SUCCESS $(stat -c %s "$WORK/archive.zip") $(sha256sum "$WORK/archive.zip" | cut -d' ' -f1)"
[ "$stored" = "$expected" ] || { echo "leech bench: stored '$stored', expected '$expected'" >&2; exit 1; }

read -r p_s p_rss _ <<<"$plain"; read -r e_s e_rss _ <<<"$empty"; read -r c_s c_rss c_code <<<"$copy"
python3 - "$SIZE_MB" "$p_s" "$p_rss" "$e_s" "$c_s" "$c_rss" "$c_code" "$e_rss" >docs/benchmarks-leech.md <<'PY'
import sys
mb, p_s, p_rss, e_s, c_s, c_rss, code, e_rss = sys.argv[1:]
mb, p_s, e_s, c_s = int(mb), float(p_s), float(e_s), float(c_s)
copy_s = max(c_s - e_s, 0.01)
print(f"""## 6. Leech pipeline: one {mb} MiB log archive, -Xmx256m

`bash bench/leech.sh` (SIZE_MB={mb}): a Python fake of GitHub on loopback answers the logs endpoint
with a 302 to the archive and streams it from disk; the packaged pipeline (DirectRunner, local mode)
copies it into `$GMA_DATA_DIR/bucket/` with SHA-256 on the way and writes its status row (checked
against `sha256sum`). The plain download is `curl -o` of the same URL from the same server. The
pipeline's fixed cost (JVM, Beam, an empty launch: {e_s:.1f} s) is subtracted to get its copy time.

| | wall s | copy MiB/s | peak RSS MiB |
|---|---|---|---|
| plain download (curl) | {p_s:.1f} | {mb / p_s:.0f} | {p_rss} |
| leech launch with nothing to copy | {e_s:.1f} | | {e_rss} |
| leech launch copying the archive (exit {code}) | {c_s:.1f} | {mb / c_s:.0f} | {c_rss} |
| leech copy, fixed cost removed | {copy_s:.1f} | {mb / copy_s:.0f} | |

Ratio leech copy / plain download throughput: {p_s / copy_s:.2f}x. Peak RSS (whole process,
from `getrusage`) of the copying launch against the empty one: the archive passes through a
64 KiB buffer, so memory does not grow with its size; the rest is the JVM, Beam and the
DirectRunner under `-Xmx256m`.
""")
PY
echo "[bench] wrote docs/benchmarks-leech.md" >&2
cat docs/benchmarks-leech.md
