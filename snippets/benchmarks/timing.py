"""Time the variants of one job the same way, round-robin: each variant is
warmed up once, then every round runs each variant once, in turn, under
time.perf_counter. A variant's speedup is computed per round (the
baseline's time in that round divided by the variant's time in the same
round), so a slow moment on a shared machine slows both sides of the ratio.
The report gives the median of the per-round speedups with their min-max,
and the median seconds with their min-max.

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
    def __init__(self, name, description, rounds, settle=0.0):
        """settle: seconds to wait before each timed run, where what one
        variant leaves running (BLAS threads spinning) would slow the next."""
        self.name = name
        self.description = description
        self.rounds = rounds
        self.settle = settle
        self.rows = []
        self.jobs = []

    def add(self, variant, job, *, workers=1, ideal=1, baseline=False,
            recommended=False):
        """A variant: job() does the whole job once.

        ideal: the best speedup over the baseline that this variant could
        reach (N for N overlapping waits, min(cores, workers) for CPU work);
        None where no such limit applies; or a function that computes it
        from the median seconds of the variants ({variant: seconds}).
        """
        self.rows.append({"variant": variant, "workers": workers, "baseline": baseline,
                          "recommended": recommended, "ideal_speedup": ideal,
                          "seconds": []})
        self.jobs.append(job)

    def run(self):
        """Warm each variant up once, then run the rounds: in each round,
        every variant once, in the order they were added."""
        for job in self.jobs:
            job()
        for _ in range(self.rounds):
            for job, row in zip(self.jobs, self.rows):
                time.sleep(self.settle)
                start = time.perf_counter()
                job()
                row["seconds"].append(time.perf_counter() - start)

    def skip(self, reason):
        """Nothing could be measured here (no GPU, say): say so, and why."""
        print(f"{self.name}: not measured: {reason}")
        self._write(skipped=reason)

    def report(self):
        """Print one line per variant; write JSON if BENCH_JSON is set."""
        base = next(r for r in self.rows if r["baseline"])["seconds"]
        medians = {r["variant"]: statistics.median(r["seconds"]) for r in self.rows}
        print(f"{self.name}: {self.description}")
        for row in self.rows:
            seconds = row["seconds"]
            speedups = [b / s for b, s in zip(base, seconds)]  # same round
            ideal = row["ideal_speedup"]
            if callable(ideal):
                ideal = row["ideal_speedup"] = ideal(medians)
            row.update(seconds_median=statistics.median(seconds), seconds_min=min(seconds),
                       seconds_max=max(seconds), speedup=statistics.median(speedups),
                       speedup_min=min(speedups), speedup_max=max(speedups),
                       rounds=self.rounds)
            row["efficiency"] = row["speedup"] / ideal if ideal else None
            limit = (f" ideal={ideal:.3g}x efficiency={row['efficiency']:.0%}"
                     if ideal else "")
            print(f"  {row['variant']}: workers={row['workers']}"
                  f" median={row['seconds_median']:.4f}s"
                  f" ({row['seconds_min']:.4f}-{row['seconds_max']:.4f}s)"
                  f" speedup={row['speedup']:.2f}x"
                  f" ({row['speedup_min']:.2f}-{row['speedup_max']:.2f}x){limit}"
                  + (" (recommended)" if row["recommended"] else ""))
        self._write()

    def _write(self, skipped=None):
        write_results(self.name, self.description, rows=self.rows, skipped=skipped)


def write_results(name, description, **fields):
    """Write a benchmark's results as JSON, if BENCH_JSON is set (the build
    sets it: tools/figures.py). Fields other than rows are kept as given."""
    target = os.environ.get("BENCH_JSON")
    if target:
        Path(target).write_text(json.dumps({
            "benchmark": name, "description": description, "mode": MODE,
            "source": Path(sys.argv[0]).name, "rows": [], "skipped": None, **fields,
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

    # Output varies: every number after the names is measured.
    bench = Benchmark("timing_demo", "two waits of 20 ms", rounds=3)
    bench.add("sequential", lambda: (one_wait(), one_wait()), baseline=True)
    bench.add("threads", two_waits_in_threads, workers=2, ideal=2, recommended=True)
    bench.run()
    bench.report()
