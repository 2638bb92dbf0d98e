"""The bare pattern for timing one piece of work: warm up, repeat, and
report the median with the spread. The Benchmarks page does this for
several variants at once, round-robin (snippets/benchmarks/timing.py)."""

# Output varies: the times are measured, and two runs can round to the same tenth of a ms.

import statistics
import time


def preprocess():
    return sum(i * i for i in range(200_000))


def measure(job, repeats=7, warmups=1):
    """Seconds per run of job(), after warm-up runs that are not kept."""
    for _ in range(warmups):
        job()  # imports, caches, lazy initialization, a first page fault
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        seconds.append(time.perf_counter() - start)
    return seconds


if __name__ == "__main__":
    seconds = measure(preprocess)
    print(f"runs: {len(seconds)}")
    print(f"median: {statistics.median(seconds) * 1000:.1f} ms")
    print(f"spread: {min(seconds) * 1000:.1f} ms to {max(seconds) * 1000:.1f} ms")
