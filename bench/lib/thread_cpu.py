"""CPU time of a process by thread group over an interval: python3 thread_cpu.py PID SECONDS [REQUESTS_FILE].
Reads /proc/PID/task/*/stat (utime, stime) at the start and the end and prints, per thread name with
its trailing number removed (io-executor-thread-3 -> io-executor-thread-), user and system
milliseconds; with REQUESTS_FILE (a number written by the caller after the interval), µs per request.
Threads that exit within the interval are not counted."""
import os, re, sys, time

pid, seconds = int(sys.argv[1]), float(sys.argv[2])
hz = os.sysconf("SC_CLK_TCK")


def snapshot():
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (name, int(fields[11]), int(fields[12]))
    return out


a = snapshot()
time.sleep(seconds)
b = snapshot()
groups = {}
for tid, (name, u, s) in b.items():
    u0, s0 = (a[tid][1], a[tid][2]) if tid in a else (0, 0)
    g = re.sub(r"[-#]?\d+$", "", name)
    gu, gs = groups.get(g, (0, 0))
    groups[g] = (gu + u - u0, gs + s - s0)
requests = None
if len(sys.argv) > 3:
    time.sleep(0.5)
    try:
        requests = int(open(sys.argv[3]).read().strip())
    except (OSError, ValueError):
        requests = None
total = sum(u + s for u, s in groups.values())
for g, (u, s) in sorted(groups.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
    if u + s == 0:
        continue
    per = f"  {1e6 * (u + s) / hz / requests:8.1f} µs/req" if requests else ""
    print(f"{g:28s} user {1000 * u / hz:8.0f} ms  sys {1000 * s / hz:8.0f} ms{per}")
print(f"{'total':28s} {1000 * total / hz:8.0f} ms" + (f"  {1e6 * total / hz / requests:8.1f} µs/req" if requests else ""))
