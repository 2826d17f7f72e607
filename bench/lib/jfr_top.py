"""Aggregates a JFR recording's CPU samples: python3 jfr_top.py FILE LABEL -> Markdown.
jdk.ExecutionSample (threads running Java code) gives the top frames by self time and the share of
samples whose stack passes through each area of the request path; jdk.NativeMethodSample counts
samples in native code under SQLite's JDBC driver (its C code, or waiting on fsync)."""
import json, subprocess, sys
from collections import Counter

path, label = sys.argv[1], sys.argv[2]

# Where a stack passes, in this order of precedence (first match names the area).
AREAS = [
    ("SQLite JDBC (Java side)", ("org.sqlite.",)),
    ("local store code (SqliteRows, BatchingWriter)", ("dev.gma.store.",)),
    ("event JSON encoding (EventJson, GCP mode)", ("dev.gma.webhook.domain.EventJson",)),
    ("JSON scan (Jackson)", ("com.fasterxml.jackson.",)),
    ("proto to JSON (JsonFormat)", ("com.google.protobuf.util.JsonFormat",)),
    ("HMAC-SHA256", ("com.sun.crypto.provider.HmacCore", "sun.security.provider.SHA2", "sun.security.provider.DigestBase")),
    ("Pub/Sub client and gRPC", ("com.google.cloud.pubsub", "io.grpc.", "com.google.api.gax")),
    ("logging (logback)", ("ch.qos.logback.",)),
    ("metrics (micrometer)", ("io.micrometer.",)),
    ("body spool and intake", ("dev.gma.webhook.domain.BodySpool", "dev.gma.webhook.http.BodyLimitStream")),
    ("Micronaut HTTP and routing", ("io.micronaut.",)),
    ("Netty", ("io.netty.",)),
]


def events(kind):
    out = subprocess.run(["jfr", "print", "--json", "--events", kind, path], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]


def frames(e):
    st = e["values"].get("stackTrace") or {}
    return [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}" for f in st.get("frames", [])]


samples = [frames(e) for e in events("jdk.ExecutionSample")]
samples = [s for s in samples if s]
native = [frames(e) for e in events("jdk.NativeMethodSample")]
in_sqlite = sum(1 for s in native if s and s[0].startswith("org.sqlite."))
n = max(1, len(samples))
tops = Counter(s[0] for s in samples)
areas = Counter()
for s in samples:
    for name, prefixes in AREAS:
        if any(f.startswith(prefixes) for f in s):
            areas[name] += 1
            break
    else:
        areas["other (JDK, GC-free Java)"] += 1
print(f"**{label}**: {len(samples)} Java samples; {in_sqlite} more in SQLite's native code (CPU or fsync).\n")
print("| area (innermost listed area on the stack) | share of Java samples |")
print("|---|---|")
for name, c in areas.most_common():
    print(f"| {name} | {100 * c / n:.0f}% |")
print()
print("| top frame (self) | share |")
print("|---|---|")
for f, c in tops.most_common(8):
    print(f"| `{f}` | {100 * c / n:.1f}% |")
