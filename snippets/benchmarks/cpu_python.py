"""Pure-Python CPU work: the same tasks one after the other, in threads and
in processes, with 1, 2 and 4 workers. The ideal is min(cores, workers)
times faster; with the GIL, threads cannot get there. Pools are started
before the clock starts (start_methods.py measures that cost)."""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, ideals on the cores.
TASKS = sizes(tiny=4, quick=8, full=16)
STEPS = sizes(tiny=20_000, quick=600_000, full=3_000_000)  # loop length per task


def work(seed):
    """A pure-Python loop: it holds the GIL the whole time."""
    total = seed
    for i in range(STEPS):
        total = (total * 31 + i) % 1_000_003
    return total


def sequential():
    return [work(seed) for seed in range(TASKS)]


def in_pool(pool):
    return lambda: list(pool.map(work, range(TASKS), timeout=300))


def main():
    cores = usable_cores()
    expected = sequential()
    bench = Benchmark("cpu_python", f"{TASKS} tasks of a pure-Python loop",
                      rounds=sizes(tiny=1, quick=15, full=15))
    bench.add("sequential", sequential, baseline=True)
    with ExitStack() as pools:  # every pool stays open for all the rounds
        for workers in (1, 2, 4):
            ideal = min(cores, workers, TASKS)
            for name, executor in (("threads", ThreadPoolExecutor),
                                   ("processes", ProcessPoolExecutor)):
                run = in_pool(pools.enter_context(executor(max_workers=workers)))
                assert run() == expected, f"{name} x{workers} returned wrong results"
                bench.add(name, run, workers=workers, ideal=ideal,
                          recommended=(name == "processes" and workers == min(cores, 4)))
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
