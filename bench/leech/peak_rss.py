#!/usr/bin/env python3
"""Runs a command, then prints 'seconds peak_rss_mib exit_code' (peak RSS of the child, from getrusage).
With PEAK_RSS_CPU=1 a fourth field follows: the child's CPU seconds, user plus system."""
import os
import resource
import subprocess
import sys
import time

start = time.monotonic()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = f" {usage.ru_utime + usage.ru_stime:.2f}" if os.environ.get("PEAK_RSS_CPU") == "1" else ""
print(f"{elapsed:.2f} {usage.ru_maxrss / 1024:.0f} {code}{cpu}")
