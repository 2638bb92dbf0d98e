"""Many tiny tasks in a process pool: with chunksize=1 every task is a
round trip to a worker; a larger chunksize sends them in batches. A plain
loop is the baseline: for tasks this small, it is hard to beat."""

from multiprocessing import Pool

from timing import Benchmark, sizes, usable_cores

TASKS = sizes(tiny=2_000, quick=50_000, full=200_000)


def square(x):
    return x * x


def main():
    cores = usable_cores()
    expected = [square(x) for x in range(TASKS)]
    good_chunk = max(1, TASKS // (4 * cores))  # about 4 batches per worker
    bench = Benchmark("pool_chunksize",
                      f"{TASKS} tiny tasks (x * x); batches of {good_chunk}",
                      repeats=sizes(tiny=1, quick=3, full=5))
    bench.time("loop", lambda: [square(x) for x in range(TASKS)], baseline=True,
               recommended=True)
    with Pool(processes=cores) as pool:
        for name, chunksize in (("pool, chunksize=1", 1), ("pool, batched", good_chunk)):
            def mapped(chunksize=chunksize):
                return pool.map(square, range(TASKS), chunksize=chunksize)
            assert mapped() == expected
            bench.time(name, mapped, workers=cores, ideal=cores)
    bench.report()


if __name__ == "__main__":
    main()
