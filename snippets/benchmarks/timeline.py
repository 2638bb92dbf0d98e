"""What ran when: one timeline per worker, in four scenarios of two workers
each. A worker does its work in small chunks and reads time.perf_counter()
after each one. A chunk that took far longer than the same chunk takes
alone means the worker was not running for a while: waiting for the GIL, or
descheduled. A simulated I/O wait is recorded as a wait.

On Linux perf_counter() reads CLOCK_MONOTONIC, one clock for the whole
machine, so the processes' timestamps share the threads' time axis."""

import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from timing import sizes, write_results

# Output varies: what overlapped is measured, and depends on the machine's load.
WORKERS = 2
WORK = sizes(tiny=0.04, quick=0.25, full=0.5)  # seconds of work per worker, alone
IO_WAIT = 0.01  # one simulated I/O wait, in seconds
SLOW = 4  # a chunk this many times slower than alone counts as time not running


def python_chunk():
    total = 0
    for i in range(2_000):
        total += i * i
    return total


MATRIX = np.random.default_rng(0).standard_normal((160, 160))


def numpy_chunk():
    return float((MATRIX @ MATRIX)[0, 0])  # BLAS runs with the GIL released


def io_chunk():
    time.sleep(IO_WAIT)  # stands for a read from disk or network


def seconds_alone(chunk, repeats=30):
    chunk()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        chunk()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_chunks(chunk, count, start_at):
    """Wait for the common start, then run the chunks: [start, end of each]."""
    while time.perf_counter() < start_at:
        time.sleep(0.001)
    stamps = [time.perf_counter()]
    for _ in range(count):
        chunk()
        stamps.append(time.perf_counter())
    return stamps


def intervals(stamps, alone, kind):
    """Merge consecutive chunks into [start, end, kind] intervals. A CPU chunk
    that took more than SLOW times its time alone leaves a gap: the worker
    was not running for most of it."""
    merged = []
    for start, end in zip(stamps, stamps[1:]):
        if kind == "ran" and end - start > SLOW * alone:
            continue
        if merged and merged[-1][1] == start:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [[start, end, kind] for start, end in merged]


def both_busy(lanes, span_start, span_end, step=0.0002):
    """The fraction of the span during which every worker was running or waiting."""
    ticks = np.arange(span_start, span_end, step)
    busy = [np.zeros(len(ticks), bool) for _ in lanes]
    for mask, lane in zip(busy, lanes):
        for start, end, _ in lane:
            mask |= (ticks >= start) & (ticks < end)
    return float(np.logical_and.reduce(busy).mean())


def scenario(pool, chunk, kind, alone):
    count = max(1, round(WORK / alone))
    start_at = time.perf_counter() + 0.05
    futures = [pool.submit(run_chunks, chunk, count, start_at) for _ in range(WORKERS)]
    stamps = [future.result(timeout=120) for future in futures]
    lanes = [intervals(s, alone, kind) for s in stamps]
    span_start, span_end = min(s[0] for s in stamps), max(s[-1] for s in stamps)
    return {"lanes": [[[start - span_start, end - span_start, k] for start, end, k in lane]
                      for lane in lanes],
            "seconds": span_end - span_start, "chunk_seconds": alone, "chunks": count,
            "both_busy": both_busy(lanes, span_start, span_end)}


def warm_up(pool):
    """Start every worker before the clock matters (processes take a while)."""
    list(pool.map(time.sleep, [0.05] * WORKERS, timeout=60))


def main():
    results = {}
    with threadpool_limits(limits=1, user_api="blas"):  # one core per NumPy worker
        alone = {"io": IO_WAIT, "python": seconds_alone(python_chunk),
                 "numpy": seconds_alone(numpy_chunk)}
        with ThreadPoolExecutor(max_workers=WORKERS) as threads:
            warm_up(threads)
            results["io_threads"] = scenario(threads, io_chunk, "waited", alone["io"])
            results["python_threads"] = scenario(threads, python_chunk, "ran", alone["python"])
            results["numpy_threads"] = scenario(threads, numpy_chunk, "ran", alone["numpy"])
    with ProcessPoolExecutor(max_workers=WORKERS) as processes:
        warm_up(processes)
        results["python_processes"] = scenario(processes, python_chunk, "ran", alone["python"])

    order = ["io_threads", "python_threads", "python_processes", "numpy_threads"]
    print(f"clock: {time.get_clock_info('perf_counter').implementation}; "
          f"switch interval: {sys.getswitchinterval() * 1000:g} ms")
    for name in order:
        result = results[name]
        print(f"{name}: {WORKERS} workers, both busy {result['both_busy']:.0%} "
              f"of {result['seconds'] * 1000:.0f} ms")
    write_results("timeline", f"{WORKERS} workers, {WORK * 1000:g} ms of work each",
                  kind="timeline", switch_interval=sys.getswitchinterval(),
                  slow_factor=SLOW, scenarios={name: results[name] for name in order})


if __name__ == "__main__":
    main()
