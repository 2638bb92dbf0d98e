import time

import numpy as np
import torch
from threadpoolctl import ThreadpoolController, threadpool_info

# Output varies: thread counts follow the number of cores.

CONTROLLER = ThreadpoolController()  # finds the libraries' thread pools once


def cpu_times(op):
    """Run op() once; return the CPU time of the calling thread and that of
    all the other threads of this process while it ran."""
    process, thread = time.process_time(), time.thread_time()
    op()
    thread = time.thread_time() - thread
    return thread, time.process_time() - process - thread


def repeated(op, seconds=0.2):
    """op, repeated enough times to run `seconds` on one thread: one call
    of a few milliseconds is too short to measure CPU time reliably."""
    with CONTROLLER.limit(limits=1):
        op()  # a warm-up: a first call also pays for memory it touches first
        start = time.perf_counter()
        op()
        once = time.perf_counter() - start
    times = max(1, round(seconds / once))

    def op_repeated():
        for _ in range(times):
            op()
    return op_repeated


def other_threads_helped(op):
    """Did other threads do a real part of op's work? Compare the CPU time
    they spent during op() with the CPU time op() takes on one thread.
    The calling thread's own time is not compared: while it waits for its
    helpers, it may spin, and a busy machine makes that wait longer."""
    op = repeated(op)
    with CONTROLLER.limit(limits=1):  # every library on one thread
        alone, _ = cpu_times(op)
    _, others = cpu_times(op)
    # A helper that did its share of the work spent a good part of `alone`;
    # idle pool threads spend next to nothing.
    return others > alone / 10


def main():
    # --8<-- [start:pools]
    for pool in sorted(threadpool_info(), key=lambda p: p["user_api"]):
        print(f"{pool['user_api']}: {pool['internal_api']}, {pool['num_threads']} threads")
    parallel = torch.__config__.parallel_info()
    backend = next(line for line in parallel.splitlines() if "parallel backend" in line)
    print(f"PyTorch: {backend.strip()}, {torch.get_num_threads()} intra-op threads")
    # --8<-- [end:pools]

    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(4_000_000), rng.standard_normal(4_000_000)
    out = np.empty_like(a)
    m = rng.standard_normal((600, 600))
    t, u, t_out = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(out)
    tm = torch.from_numpy(m)

    def one_blas_thread_matmul():
        with CONTROLLER.limit(limits=1, user_api="blas"):
            return m @ m

    # One-thread operations first: after a multithreaded call, a pool's idle
    # threads spin for a moment, and that CPU time would count against the
    # next call measured.
    ops = [
        ("NumPy a + b (ufunc)", lambda: np.add(a, b, out=out)),
        ("NumPy a.sum() (reduction)", a.sum),
        ("NumPy m @ m, limited to 1 BLAS thread", one_blas_thread_matmul),
        ("NumPy m @ m (BLAS)", lambda: m @ m),
        ("NumPy linalg.solve (LAPACK)", lambda: np.linalg.solve(m, m)),
        ("PyTorch t + u (element-wise)", lambda: torch.add(t, u, out=t_out)),
        ("PyTorch tm @ tm", lambda: tm @ tm),
    ]
    results = [(name, other_threads_helped(op)) for name, op in ops]
    for name, helped in results:
        print(f"{name}: other threads helped: {'yes' if helped else 'no'}")


if __name__ == "__main__":
    main()
