"""How many CPUs may this process use? Four answers, and the one to use."""

import math
import os
import sys
from pathlib import Path

# Output varies: each count depends on the machine, its affinity and its cgroup.


def cgroup_cpu_quota():
    """CPUs the cgroup's CPU quota allows (cgroup v2 or v1), or None."""
    v2 = Path("/sys/fs/cgroup/cpu.max")  # "max 100000" or "150000 100000"
    if v2.exists():
        quota, period = v2.read_text().split()
        return None if quota == "max" else int(quota) / int(period)
    v1 = Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")  # -1: no quota
    if v1.exists():
        quota = int(v1.read_text())
        period = int(Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us").read_text())
        return None if quota < 0 else quota / period
    return None


if __name__ == "__main__":
    counts = {"os.cpu_count()": os.cpu_count()}
    if hasattr(os, "sched_getaffinity"):  # Linux
        counts["len(os.sched_getaffinity(0))"] = len(os.sched_getaffinity(0))
    if sys.version_info >= (3, 13):
        counts["os.process_cpu_count()"] = os.process_cpu_count()
    for name, count in counts.items():
        print(f"{name}: {count}")
    quota = cgroup_cpu_quota()
    print("cgroup CPU quota, in CPUs (0 if none):", round(quota or 0, 2))
    usable = min((count for count in counts.values() if count), default=1)  # cpu_count() may be None
    if quota:
        usable = min(usable, max(1, math.floor(quota)))
    print("workers to use:", usable)
