"""Many small tasks in a process pool, through the calls readers use, with
their defaults. Pool.map cuts the tasks into about 4 batches per worker
unless told otherwise; Pool.imap and ProcessPoolExecutor.map send one task
per message unless given a chunksize. A plain loop is the baseline."""

from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import Pool

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, workers and ideals on the cores.
TASKS = sizes(tiny=200, quick=10_000, full=40_000)


def small_task(x):
    """A few microseconds of pure Python."""
    total = x
    for i in range(200):
        total = (total * 31 + i) % 1_000_003
    return total


def main():
    cores = usable_cores()
    expected = [small_task(x) for x in range(TASKS)]
    # What Pool.map picks when given no chunksize (Lib/multiprocessing/pool.py):
    # len / (4 * workers), rounded up.
    batch = -(-TASKS // (4 * cores))
    bench = Benchmark("pool_chunksize",
                      f"{TASKS} small tasks, {cores} worker processes, executor = ProcessPoolExecutor",
                      rounds=sizes(tiny=1, quick=11, full=11))
    bench.add("loop", lambda: [small_task(x) for x in range(TASKS)], baseline=True)
    with ExitStack() as pools:  # both pools stay open for all the rounds
        pool = pools.enter_context(Pool(processes=cores))
        executor = pools.enter_context(ProcessPoolExecutor(max_workers=cores))
        variants = {
            "Pool.map (default chunksize)": lambda: pool.map(small_task, range(TASKS)),
            "Pool.imap (default chunksize=1)":
                lambda: list(pool.imap(small_task, range(TASKS))),
            "executor.map (default chunksize=1)":
                lambda: list(executor.map(small_task, range(TASKS), timeout=300)),
            "executor.map (chunksize as Pool.map)":
                lambda: list(executor.map(small_task, range(TASKS), timeout=300,
                                          chunksize=batch)),
        }
        for name, job in variants.items():
            assert job() == expected, name
            bench.add(name, job, workers=cores, ideal=cores,
                      recommended=(name == "executor.map (chunksize as Pool.map)"))
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
