"""Check the advice of the ApX Machine Learning article ("Threading in
Python", article 000) that the Measuring and profiling chapter quotes:
"Profile and Optimize: Use tools like cProfile or line_profiler to identify
performance bottlenecks and optimize your threading strategy accordingly."

The advice is a sentence, not a listing, so there is no file in originals/
and no @proves: each test runs a small program the way a reader following
the advice would, and checks what the tool recorded. They run the suite's
Python (3.11); docs/*/profiling.md says what changes in 3.12."""

import sys
import textwrap

from runner import run_script

# A worker function run in two threads, with cProfile enabled in the main thread.
CPROFILE_IN_MAIN_THREAD = """
import cProfile
import pstats
import threading

def tokenize(n):
    return sum(i * i for i in range(n))

def worker(results, shard):
    results[shard] = tokenize(10_000 + shard)

if __name__ == "__main__":
    results = [None] * 2
    profiler = cProfile.Profile()
    profiler.enable()
    threads = [threading.Thread(target=worker, args=(results, shard)) for shard in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    profiler.disable()
    names = {func for (_, _, func) in pstats.Stats(profiler).stats}
    print("results:", sum(r is not None for r in results))
    print("worker recorded:", "worker" in names)
    print("tokenize recorded:", "tokenize" in names)
    print("join recorded:", "join" in names)
"""

# line_profiler wraps one function; the worker threads call the wrapper.
LINE_PROFILER_IN_THREADS = """
import threading
from concurrent.futures import ThreadPoolExecutor

import line_profiler

def tokenize(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

if __name__ == "__main__":
    profiler = line_profiler.LineProfiler()
    wrapped = profiler(tokenize)
    callers = set()

    def call(n):
        callers.add(threading.current_thread().name)
        return wrapped(n)

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="worker") as pool:
        list(pool.map(call, [1_000, 2_000, 3_000, 4_000]))
    hits = {line: count for line, count, _ in next(iter(profiler.get_stats().timings.values()))}
    first_line = min(hits)
    print("called from the main thread:", "MainThread" in callers)
    print("calls recorded:", hits[first_line])
    print("loop iterations recorded:", max(hits.values()))
"""

# Both tools enabled in the parent; the function runs in a pool's worker processes.
BOTH_WITH_PROCESSES = """
import cProfile
import multiprocessing
import pstats

import line_profiler

profiler = line_profiler.LineProfiler()

@profiler
def tokenize(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

if __name__ == "__main__":
    cprofiler = cProfile.Profile()
    cprofiler.enable()
    with multiprocessing.Pool(processes=2) as pool:
        results = pool.map_async(tokenize, [1_000, 2_000]).get(timeout=60)
    cprofiler.disable()
    names = {func for (_, _, func) in pstats.Stats(cprofiler).stats}
    timings = next(iter(profiler.get_stats().timings.values()), [])
    print("results:", len(results))
    print("cProfile recorded tokenize:", "tokenize" in names)
    print("line_profiler hits:", sum(count for _, count, _ in timings))
"""


def run(code, tmp_path, method=None):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    result = run_script(script, tmp_path, method=method)
    assert result.returncode == 0 and not result.stderr, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_000_cprofile_in_the_main_thread_does_not_see_the_worker_threads(tmp_path):
    """The workers ran (both results are there), cProfile recorded the main
    thread waiting in join(), and none of the functions the threads ran."""
    assert sys.version_info < (3, 12), "from 3.12 cProfile records every thread"
    assert run(CPROFILE_IN_MAIN_THREAD, tmp_path) == [
        "results: 2",
        "worker recorded: False",
        "tokenize recorded: False",
        "join recorded: True",
    ]


def test_000_line_profiler_counts_the_calls_made_in_worker_threads(tmp_path):
    """line_profiler 5.1.0: every call from the pool's threads is counted,
    and every iteration of the loop, although the main thread called nothing."""
    assert run(LINE_PROFILER_IN_THREADS, tmp_path) == [
        "called from the main thread: False",
        "calls recorded: 4",
        "loop iterations recorded: 10004",
    ]


def test_000_neither_tool_sees_what_worker_processes_run(tmp_path):
    """The pool's workers ran tokenize twice; the parent's profilers hold
    nothing of it: each worker process recorded into its own copy."""
    for method in ("fork", "spawn"):
        assert run(BOTH_WITH_PROCESSES, tmp_path, method=method) == [
            "results: 2",
            "cProfile recorded tokenize: False",
            "line_profiler hits: 0",
        ], method
