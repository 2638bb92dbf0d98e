"""The Pool example of 《Python多进程与多线程在AI中的应用》 (section 2.3.2):
ten arrays of a million numbers, made in the parent and sent to a pool of
four processes, each to compute one mean. Sending an array means pickling
8 MB through a pipe; computing its mean takes about a millisecond.
Compared with a plain loop, with workers that make (or load) their own
shard, and with workers that read the arrays from shared memory."""

from contextlib import ExitStack
from multiprocessing import Pool, shared_memory

import numpy as np

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, ideals on the cores.
ARRAYS = sizes(tiny=4, quick=10, full=10)
LENGTH = sizes(tiny=100_000, quick=1_000_000, full=4_000_000)


def make_shard(seed):
    return np.random.default_rng(seed).standard_normal(LENGTH)


def analyze_data(data):  # the article's worker, unchanged
    return data.mean()


def analyze_own_shard(seed):
    return make_shard(seed).mean()


def analyze_shared(args):
    name, index = args
    block = shared_memory.SharedMemory(name=name)
    try:
        arrays = np.ndarray((ARRAYS, LENGTH), dtype=np.float64, buffer=block.buf)
        return float(arrays[index].mean())
    finally:
        del arrays  # release the view before closing the block
        block.close()


def main():
    cores = usable_cores()
    # One independent random stream per shard, the same wherever it is made.
    seeds = np.random.SeedSequence(2024).spawn(ARRAYS)
    data_sets = [make_shard(seed) for seed in seeds]
    expected = [d.mean() for d in data_sets]
    bench = Benchmark("pool_big_arrays",
                      f"mean of {ARRAYS} arrays of {LENGTH} float64 ({LENGTH * 8 / 1e6:g} MB each)",
                      rounds=sizes(tiny=1, quick=11, full=11))
    bench.add("loop", lambda: [d.mean() for d in data_sets], baseline=True,
              recommended=True)

    with ExitStack() as stack:
        block = shared_memory.SharedMemory(create=True, size=ARRAYS * LENGTH * 8)
        stack.callback(block.unlink)  # callbacks run in reverse: close, then unlink
        stack.callback(block.close)
        shared = np.ndarray((ARRAYS, LENGTH), dtype=np.float64, buffer=block.buf)
        shared[:] = data_sets
        del shared  # workers read the block by its name; close() needs no view left
        pool = stack.enter_context(Pool(processes=4))
        variants = [
            ("article: arrays sent to Pool(4)",
             lambda: pool.map(analyze_data, data_sets)),
            ("workers make their own shard",
             lambda: pool.map(analyze_own_shard, seeds)),
            ("workers read shared memory",
             lambda: pool.map(analyze_shared, [(block.name, i) for i in range(ARRAYS)])),
        ]
        for name, job in variants:
            assert np.allclose(job(), expected), name
            bench.add(name, job, workers=4, ideal=min(cores, 4))
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
