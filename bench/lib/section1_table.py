"""Turns the section-1 rows (TSV: mode server payload bytes conc rps p50_ms p99_ms non2xx requests cpu_us)
into the Markdown tables of docs/benchmarks.md section 1: python3 section1_table.py ROWS."""
import csv, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {(r["mode"], r["server"], r["payload"], r["conc"]): r for r in rows}
payloads = list(dict.fromkeys(r["payload"] for r in rows))
concs = list(dict.fromkeys(r["conc"] for r in rows))


def f(x):
    return float(x)


def ratio(a, b):
    return f"{f(a) / f(b):.2f}x" if b and f(b) > 0 else "n/a"


def table(mode, ours, peer, floor=None):
    head = ["payload", "c", "server", "req/s", "p50 / p99 ms", "CPU µs/req", "non-2xx",
            f"ours / {peer}: req/s", "CPU", "p99"]
    if floor:
        head += [f"/ {floor} (price of durability): req/s", "CPU"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for p in payloads:
        for c in concs:
            o = by.get((mode, ours, p, c))
            for name in [ours, peer] + ([floor] if floor else []):
                r = by.get((mode, name, p, c))
                if not r:
                    continue
                cells = [p, c, name, f"{f(r['rps']):,.0f}", f"{r['p50_ms']} / {r['p99_ms']}", r["cpu_us"], r["non2xx"]]
                q = by.get((mode, peer, p, c))
                if name == ours and q:
                    cells += [ratio(r["rps"], q["rps"]), ratio(r["cpu_us"], q["cpu_us"]), ratio(r["p99_ms"], q["p99_ms"])]
                else:
                    cells += ["", "", ""]
                if floor:
                    s = by.get(("local", floor, p, c))
                    if name in (ours, peer) and s:
                        cells += [ratio(r["rps"], s["rps"]), ratio(r["cpu_us"], s["cpu_us"])]
                    else:
                        cells += ["", ""]
                out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


modes = {r["mode"] for r in rows}
if "local" in modes:
    print("**Local mode** (ours: SQLite store, WAL, synchronous=FULL, 201 after the commit):\n")
    print(table("local", "ours", "durable peer", "no-storage peer"))
    print()
if "gcp" in modes:
    print("**GCP mode** (ours and the peer publish to the Pub/Sub emulator, 201 after the ack):\n")
    floor = "no-storage peer" if any(r["server"] == "no-storage peer" for r in rows) else None
    print(table("gcp", "ours", "pubsub peer", floor))
    print()

# Issue 14's targets against the same-work peer, point by point.
print("**Targets against the same-work peer** (CPU per request no higher, throughput at least 2x, p99 no worse):\n")
print("| mode | payload | c | CPU ours / peer | throughput ours / peer | p99 ours / peer | met |")
print("|---|---|---|---|---|---|---|")
for mode, peer in (("local", "durable peer"), ("gcp", "pubsub peer")):
    for p in payloads:
        for c in concs:
            o, q = by.get((mode, "ours", p, c)), by.get((mode, peer, p, c))
            if not o or not q:
                continue
            cpu, tp, p99 = f(o["cpu_us"]) / max(1e-9, f(q["cpu_us"])), f(o["rps"]) / max(1e-9, f(q["rps"])), f(o["p99_ms"]) / max(1e-9, f(q["p99_ms"]))
            missed = [name for name, bad in (("CPU", cpu > 1), ("throughput", tp < 2), ("p99", p99 > 1)) if bad]
            print(f"| {mode} | {p} | {c} | {cpu:.2f}x | {tp:.2f}x | {p99:.2f}x | {'yes' if not missed else 'no: ' + ', '.join(missed)} |")
