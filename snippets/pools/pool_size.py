import math
import time
from concurrent.futures import ThreadPoolExecutor

WAITS = 8     # requests to make
WAIT = 0.05   # seconds each one waits for its reply (a stand-in)


def request(i):
    time.sleep(WAIT)
    return i


def main():
    for workers in (1, 2, 4, 8):
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            replies = list(pool.map(request, range(WAITS), timeout=30))
        elapsed = time.perf_counter() - start
        if replies != list(range(WAITS)):  # nothing lost, nothing reordered
            raise RuntimeError(f"replies went missing: {replies}")
        rounds = math.ceil(WAITS / workers)
        print(f"max_workers={workers}: {rounds} round(s) of waits, "
              f"{elapsed:.2f} s (ideal {rounds * WAIT:.2f} s)")


if __name__ == "__main__":
    main()
