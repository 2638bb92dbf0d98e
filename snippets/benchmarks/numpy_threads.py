"""NumPy matrix products in Python threads. NumPy releases the GIL inside
the product, and its BLAS library starts threads of its own: give each
Python thread all of BLAS's threads and there are more threads than cores
(oversubscription); limit BLAS to one thread each and they fit."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from timing import Benchmark, sizes, usable_cores

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

    bench = Benchmark("numpy_threads",
                      f"{PRODUCTS} products of {N}x{N} matrices, {cores} Python threads",
                      repeats=sizes(tiny=1, quick=5, full=7))
    with threadpool_limits(limits=1, user_api="blas"):
        bench.time("sequential, 1 BLAS thread",
                   lambda: [product(m) for m in matrices], baseline=True)
    bench.time("sequential, BLAS threads", lambda: [product(m) for m in matrices],
               workers=1, ideal=cores)
    with ThreadPoolExecutor(max_workers=cores) as pool:
        def threaded():
            return list(pool.map(product, matrices, timeout=300))
        with threadpool_limits(limits=1, user_api="blas"):
            assert np.allclose(threaded(), expected)
            bench.time("threads x 1 BLAS thread", threaded, workers=cores,
                       ideal=cores, recommended=True)
        bench.time("threads x all BLAS threads (oversubscribed)", threaded,
                   workers=cores, ideal=cores)
    bench.report()


if __name__ == "__main__":
    main()
