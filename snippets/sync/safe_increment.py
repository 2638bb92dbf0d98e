import threading
from concurrent.futures import ThreadPoolExecutor


class Counter:
    """A counter that threads can share: the lock lives with the value."""

    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def increment(self):
        with self._lock:  # released even if the body raises
            self.value += 1


def count_batches(counter, batches):
    for _ in range(batches):
        counter.increment()


def main():
    counter = Counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(count_batches, counter, 2500) for _ in range(4)]
        for future in futures:
            future.result(timeout=30)  # re-raises a worker's exception here
    print("batches counted:", counter.value)


if __name__ == "__main__":
    main()
