import threading
from concurrent.futures import ThreadPoolExecutor


class ModelCache:
    """Load each model once, however many threads ask for it."""

    def __init__(self):
        self._lock = threading.RLock()  # get() holds it while load() takes it again
        self._models = {}
        self.loads = 0

    def get(self, name):
        with self._lock:  # check and load under one lock: only one thread loads
            if name not in self._models:
                self._models[name] = self.load(name)
            return self._models[name]

    def load(self, name):
        with self._lock:  # also called on its own, for a reload
            self.loads += 1
            return f"weights of {name}"


def main():
    lock = threading.Lock()
    with lock:
        # A Lock taken again by the thread that holds it would wait for
        # itself forever; the timeout lets us see that it cannot be had.
        print("Lock taken again by its holder:", lock.acquire(timeout=0.1))
    rlock = threading.RLock()
    with rlock:
        again = rlock.acquire(timeout=0.1)
        print("RLock taken again by its holder:", again)
        if again:
            rlock.release()  # one release for each acquire

    cache = ModelCache()
    with ThreadPoolExecutor(max_workers=4) as pool:
        models = list(pool.map(cache.get, ["resnet50"] * 8, timeout=30))
    print("requests:", len(models), "distinct models:", set(models))
    print("times loaded:", cache.loads)


if __name__ == "__main__":
    main()
