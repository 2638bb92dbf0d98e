"""Which work do threads speed up? The same total work done one call after
the other, and split between 2 threads, for five kinds of work: a
pure-Python loop, which holds the GIL; hashlib.sha256 and zlib.compress over
large buffers, and a NumPy and a PyTorch matrix product, which release it.

Each kind is sized so that its sequential run takes about as long as the
pure-Python one (the baseline), and each "2 threads" variant's ideal is
computed from its own kind's sequential time, so that its efficiency is its
speedup over its own sequential run divided by min(cores, 2). BLAS and
PyTorch are limited to one thread each, so the only parallelism measured is
that of the two Python threads."""

import hashlib
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
from threadpoolctl import ThreadpoolController

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, ideals on the cores and timings.
CALLS = sizes(tiny=2, quick=8, full=16)  # calls of the pure-Python loop
STEPS = sizes(tiny=20_000, quick=300_000, full=1_000_000)  # loop length per call
THREADS = 2

rng = np.random.default_rng(0)
BUFFER = rng.integers(0, 256, size=1 << 20, dtype=np.uint8).tobytes()  # 1 MiB, random
TEXT = b" ".join(b"sample %d label %d" % (i, i % 10) for i in range(40_000))  # compressible
MATRIX = rng.standard_normal((384, 384))
TENSOR = torch.from_numpy(MATRIX.copy())


def python_loop():
    total = 0
    for i in range(STEPS):
        total = (total * 31 + i) % 1_000_003
    return total


def sha256():
    return hashlib.sha256(BUFFER).hexdigest()  # more than 2047 bytes: releases the GIL


def compress():
    return len(zlib.compress(TEXT, 6))


def numpy_product():
    return float((MATRIX @ MATRIX).sum())


def torch_product():
    return float(torch.mm(TENSOR, TENSOR).sum())


KINDS = [("pure Python", python_loop), ("hashlib.sha256", sha256),
         ("zlib.compress", compress), ("NumPy matmul", numpy_product),
         ("PyTorch matmul", torch_product)]


def calls_lasting(unit, seconds):
    """An even number of calls of unit() that take about `seconds`."""
    unit()  # warm up
    start = time.perf_counter()
    for _ in range(3):
        unit()
    one = (time.perf_counter() - start) / 3
    return THREADS * max(1, round(seconds / one / THREADS))


def main():
    cores = usable_cores()
    torch.set_num_threads(1)  # one thread inside each PyTorch operation
    blas = ThreadpoolController()
    with blas.limit(limits=1, user_api="blas"), \
            ThreadPoolExecutor(max_workers=THREADS) as pool:
        python_loop()  # warm up
        start = time.perf_counter()
        for _ in range(CALLS):
            python_loop()
        target = time.perf_counter() - start  # about how long the baseline takes

        bench = Benchmark("gil_release",
                          f"the same work one call after the other and in {THREADS} threads",
                          rounds=sizes(tiny=1, quick=7, full=11))
        for kind, unit in KINDS:
            calls = CALLS if kind == "pure Python" else calls_lasting(unit, target)
            expected = [unit()] * calls

            def sequential(unit=unit, calls=calls):
                return [unit() for _ in range(calls)]

            def threaded(unit=unit, calls=calls):
                halves = pool.map(lambda n: [unit() for _ in range(n)],
                                  [calls // THREADS] * THREADS, timeout=300)
                return [result for half in halves for result in half]

            for job in (sequential, threaded):
                assert job() == expected, f"{kind} returned wrong results"
            baseline = kind == "pure Python"
            own = f"{kind}, sequential"
            bench.add(own, sequential, baseline=baseline,
                      ideal=lambda medians, own=own: medians["pure Python, sequential"] / medians[own])
            bench.add(f"{kind}, {THREADS} threads", threaded, workers=THREADS,
                      ideal=lambda medians, own=own: (min(cores, THREADS)
                                                      * medians["pure Python, sequential"]
                                                      / medians[own]),
                      recommended=not baseline)
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
