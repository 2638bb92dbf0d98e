"""NumPy matrix products in Python threads. NumPy releases the GIL inside
the product, and its BLAS library starts threads of its own: give each
Python thread all of BLAS's threads and there are more threads than cores
(oversubscription); limit BLAS to one thread each and they fit."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import ThreadpoolController

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, threads and ideals on the cores.
N = sizes(tiny=64, quick=512, full=1024)  # matrix size
PRODUCTS = sizes(tiny=4, quick=16, full=32)


def make_matrices():
    rng = np.random.default_rng(0)
    return [rng.standard_normal((N, N)) for _ in range(PRODUCTS)]


def product(m):
    return float((m @ m).sum())


def main():
    cores = usable_cores()
    matrices = make_matrices()
    expected = [product(m) for m in matrices]
    # One controller, made once: it finds the BLAS library when created, so
    # each job only sets the limit (and restores it when its block ends).
    blas = ThreadpoolController()

    # After a product, BLAS's own threads keep a core busy for a moment while
    # they wait for more work: settle before each timed run, or that would
    # slow down whichever variant comes next.
    bench = Benchmark("numpy_threads",
                      f"{PRODUCTS} products of {N}x{N} matrices, {cores} Python threads",
                      rounds=sizes(tiny=1, quick=9, full=11), settle=0.25)
    with ThreadPoolExecutor(max_workers=cores) as pool:
        def sequential():
            return [product(m) for m in matrices]

        def threaded():
            return list(pool.map(product, matrices, timeout=300))

        def one_blas_thread(job):
            def run():
                with blas.limit(limits=1, user_api="blas"):
                    return job()
            return run

        bench.add("sequential, 1 BLAS thread", one_blas_thread(sequential), baseline=True)
        bench.add("sequential, BLAS threads", sequential, workers=1, ideal=cores)
        bench.add("threads x 1 BLAS thread", one_blas_thread(threaded), workers=cores,
                  ideal=cores, recommended=True)
        bench.add("threads x all BLAS threads (oversubscribed)", threaded,
                  workers=cores, ideal=cores)
        for job in bench.jobs:
            assert np.allclose(job(), expected)
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
