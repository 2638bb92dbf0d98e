import time

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

# Output varies: thread counts follow the number of cores.


def other_threads_share(op):
    """The share of this process's CPU time that threads other than the
    calling one spent while op() ran: about 0 when op ran on this thread
    alone, a large share when a library's thread pool helped."""
    process, thread = time.process_time(), time.thread_time()
    op()
    process, thread = time.process_time() - process, time.thread_time() - thread
    return (process - thread) / process


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
    t, u = torch.from_numpy(a), torch.from_numpy(b)
    tm = torch.from_numpy(m)

    # One-thread operations first: after a multithreaded call, a pool's idle
    # threads spin for a moment, and that CPU time would count against the
    # next call measured.
    with threadpool_limits(limits=1, user_api="blas"):
        one_blas_thread = other_threads_share(lambda: m @ m)
    ops = [
        ("NumPy a + b (ufunc)", other_threads_share(lambda: np.add(a, b, out=out))),
        ("NumPy a.sum() (reduction)", other_threads_share(a.sum)),
        ("NumPy m @ m, limited to 1 BLAS thread", one_blas_thread),
        ("NumPy m @ m (BLAS)", other_threads_share(lambda: m @ m)),
        ("NumPy linalg.solve (LAPACK)", other_threads_share(lambda: np.linalg.solve(m, m))),
        ("PyTorch t + u (element-wise)", other_threads_share(lambda: torch.add(t, u))),
        ("PyTorch tm @ tm", other_threads_share(lambda: tm @ tm)),
    ]
    for name, share in ops:
        print(f"{name}: other threads helped: {'yes' if share > 0.2 else 'no'}")


if __name__ == "__main__":
    main()
