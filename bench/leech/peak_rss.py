#!/usr/bin/env python3
"""Runs a command, then prints 'seconds peak_rss_mib exit_code' (peak RSS of the child, from getrusage)."""
import resource
import subprocess
import sys
import time

start = time.monotonic()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.monotonic() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{elapsed:.2f} {peak_kib / 1024:.0f} {code}")
