"""Time the variants of one job the same way: a warm-up run, several
repeats with time.perf_counter, and the median with its min-max spread.

Every benchmark on the Benchmarks page imports this file (keep it beside
them). Environment variables:
  BENCH_MODE  sizes to use: "quick" (default), "full", or "tiny" (tests)
  BENCH_JSON  if set, the file to write the results to, as JSON
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

MODE = os.environ.get("BENCH_MODE", "quick")


def sizes(tiny, quick, full):
    """The value for the current mode."""
    return {"tiny": tiny, "quick": quick, "full": full}[MODE]


def usable_cores():
    """The cores this process may run on (can be fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Benchmark:
    def __init__(self, name, description, repeats):
        self.name = name
        self.description = description
        self.repeats = repeats
        self.rows = []

    def time(self, variant, job, *, workers=1, ideal=1.0, baseline=False,
             recommended=False):
        """Run job() once to warm up, then `repeats` times under the clock.

        ideal: the best speedup over the baseline that this variant could
        reach (N for N overlapping waits, min(cores, workers) for CPU work),
        or None where no such limit applies.
        """
        job()
        seconds = []
        for _ in range(self.repeats):
            start = time.perf_counter()
            job()
            seconds.append(time.perf_counter() - start)
        self.rows.append({
            "variant": variant, "workers": workers, "baseline": baseline,
            "recommended": recommended, "ideal_speedup": ideal,
            "seconds_median": statistics.median(seconds),
            "seconds_min": min(seconds), "seconds_max": max(seconds),
            "repeats": self.repeats,
        })

    def skip(self, reason):
        """Nothing could be measured here (no GPU, say): say so, and why."""
        print(f"{self.name}: not measured: {reason}")
        self._write(skipped=reason)

    def report(self):
        """Print one line per variant; write JSON if BENCH_JSON is set."""
        base = next(r for r in self.rows if r["baseline"])["seconds_median"]
        print(f"{self.name}: {self.description}")
        for row in self.rows:
            row["speedup"] = base / row["seconds_median"]
            ideal = row["ideal_speedup"]
            row["efficiency"] = row["speedup"] / ideal if ideal else None
            limit = (f" ideal={ideal:g}x efficiency={row['efficiency']:.0%}"
                     if ideal else "")
            print(f"  {row['variant']}: workers={row['workers']}"
                  f" median={row['seconds_median']:.4f}s"
                  f" spread={row['seconds_min']:.4f}-{row['seconds_max']:.4f}s"
                  f" speedup={row['speedup']:.2f}x{limit}"
                  + (" (recommended)" if row["recommended"] else ""))
        self._write()

    def _write(self, skipped=None):
        target = os.environ.get("BENCH_JSON")
        if target:
            Path(target).write_text(json.dumps({
                "benchmark": self.name, "description": self.description,
                "mode": MODE, "source": Path(sys.argv[0]).name, "rows": self.rows,
                "skipped": skipped,
            }, indent=1), encoding="utf-8")


if __name__ == "__main__":
    # A self-check: two waits of 20 ms, one after the other and overlapped.
    import threading

    def one_wait():
        time.sleep(0.02)

    def two_waits_in_threads():
        threads = [threading.Thread(target=one_wait) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=5)

    bench = Benchmark("timing_demo", "two waits of 20 ms", repeats=3)
    bench.time("sequential", lambda: (one_wait(), one_wait()), baseline=True)
    bench.time("threads", two_waits_in_threads, workers=2, ideal=2, recommended=True)
    bench.report()
