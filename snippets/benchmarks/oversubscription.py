"""Worker processes that each run NumPy matrix products. Each process's
BLAS library starts as many threads as there are cores, so N processes
make N x cores threads (oversubscription); limiting BLAS to one thread in
each worker (threadpool_limits in the pool's initializer) makes them fit."""

from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack

import numpy as np
from threadpoolctl import ThreadpoolController, threadpool_limits

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, workers and ideals on the cores.
N = sizes(tiny=64, quick=512, full=768)  # matrix size
PRODUCTS = sizes(tiny=4, quick=16, full=32)

MATRIX = None  # each process makes its own once: nothing big is pickled


def setup(blas_threads=None):
    """Runs once in each worker process (and in the main one)."""
    global MATRIX
    if blas_threads is not None:
        threadpool_limits(limits=blas_threads, user_api="blas")  # stays in force
    MATRIX = np.random.default_rng(0).standard_normal((N, N))


def product(_):
    return float((MATRIX @ MATRIX).trace())


def main():
    cores = usable_cores()
    setup()
    expected = [product(i) for i in range(PRODUCTS)]
    blas = ThreadpoolController()  # finds the BLAS library once

    bench = Benchmark("oversubscription",
                      f"{PRODUCTS} products of {N}x{N} matrices, {cores} cores",
                      rounds=sizes(tiny=1, quick=7, full=11), settle=0.25)
    with ExitStack() as stack:
        def pool(workers, blas_threads):
            return stack.enter_context(ProcessPoolExecutor(
                max_workers=workers, initializer=setup, initargs=(blas_threads,)))

        def in_pool(executor):
            return lambda: list(executor.map(product, range(PRODUCTS), timeout=300))

        def one_blas_thread():
            with blas.limit(limits=1, user_api="blas"):
                return [product(i) for i in range(PRODUCTS)]

        bench.add("1 process x 1 BLAS thread", one_blas_thread, baseline=True)
        bench.add("1 process x all BLAS threads",
                  lambda: [product(i) for i in range(PRODUCTS)], workers=1, ideal=cores)
        bench.add("processes x 1 BLAS thread", in_pool(pool(cores, 1)),
                  workers=cores, ideal=cores, recommended=True)
        bench.add("processes x all BLAS threads (oversubscribed)", in_pool(pool(cores, None)),
                  workers=cores, ideal=cores)
        bench.add("2x processes x all BLAS threads (oversubscribed)",
                  in_pool(pool(2 * cores, None)), workers=2 * cores, ideal=cores)
        for job in bench.jobs:
            assert np.allclose(job(), expected)
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
