import math
import threading
from concurrent.futures import ThreadPoolExecutor

RANKS = 3


def train(rank, barrier):
    try:
        for step in range(3):
            loss = math.nan if (rank, step) == (1, 1) else 1.0 / (step + 1)
            if math.isnan(loss):
                raise FloatingPointError(f"rank {rank}: loss is NaN at step {step}")
            barrier.wait()  # wait for the other ranks to finish this step
    except Exception:
        barrier.abort()  # break the barrier: the others stop waiting at once
        raise


def main():
    barrier = threading.Barrier(RANKS, timeout=5)
    with ThreadPoolExecutor(max_workers=RANKS) as pool:
        futures = [pool.submit(train, rank, barrier) for rank in range(RANKS)]
        for rank, future in enumerate(futures):
            error = future.exception(timeout=30)  # wait, and take what it raised
            if error is None:
                print(f"rank {rank}: finished")
            else:
                detail = f": {error}" if str(error) else ""
                print(f"rank {rank}: {type(error).__name__}{detail}")


if __name__ == "__main__":
    main()
