import threading
from concurrent.futures import ThreadPoolExecutor

RANKS = 3
STEPS = 3


def train(rank, barrier, gradients, averages):
    try:
        for step in range(STEPS):
            gradients[rank] = (rank + 1) * (step + 1)  # this rank's "gradient"
            barrier.wait()  # every rank has written its gradient for this step
            averages[rank].append(sum(gradients) / RANKS)
            barrier.wait()  # every rank has read it before anyone writes the next
    except Exception:
        barrier.abort()  # the others get BrokenBarrierError now, not at the timeout
        raise


def main():
    barrier = threading.Barrier(RANKS, timeout=5)  # a wait longer than 5 s breaks it
    gradients = [0.0] * RANKS
    averages = [[] for _ in range(RANKS)]
    with ThreadPoolExecutor(max_workers=RANKS) as pool:
        futures = [pool.submit(train, rank, barrier, gradients, averages)
                   for rank in range(RANKS)]
        for future in futures:
            future.result(timeout=30)  # re-raises a rank's exception here
    for step in range(STEPS):
        seen = [averages[rank][step] for rank in range(RANKS)]
        print(f"step {step}: averaged gradient {seen[0]}, same on every rank:",
              len(set(seen)) == 1)


if __name__ == "__main__":
    main()
