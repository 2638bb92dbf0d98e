import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

WORKERS = 2
# Output varies: thread and core counts follow the machine's cores.


def usable_cores():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the cores this process may use
    return os.cpu_count() or 1


def limit_blas(threads):
    """Pool initializer: runs once in each worker process, before any task."""
    threadpool_limits(limits=threads, user_api="blas")


def blas_threads(seed):
    """A task: one matrix product, and the BLAS threads this worker has."""
    m = np.random.default_rng(seed).standard_normal((200, 200))
    checksum = float(np.trace(m @ m.T))  # a sum of squares: positive
    threads = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    return threads[0], checksum > 0


def run(pool, cores, label):
    results = list(pool.map(blas_threads, range(WORKERS * 2), timeout=60))
    per_worker = {threads for threads, _ in results}
    assert len(per_worker) == 1 and all(ok for _, ok in results), results
    threads = per_worker.pop()
    total = WORKERS * threads
    print(f"{label}: {WORKERS} workers, BLAS threads in each: {threads}, "
          f"{total} threads on {cores} cores, oversubscribed: {'yes' if total > cores else 'no'}")


def main():
    cores = usable_cores()
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        run(pool, cores, "default")
    # Share the cores out: workers x threads per worker <= cores.
    per_worker = max(1, cores // WORKERS)
    with ProcessPoolExecutor(max_workers=WORKERS, initializer=limit_blas,
                             initargs=(per_worker,)) as pool:
        run(pool, cores, "limited")


if __name__ == "__main__":
    main()
