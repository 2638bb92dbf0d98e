import threading

REQUESTS = 10


class Batcher:
    """Collect requests and hand them out in batches of `size`."""

    def __init__(self, size):
        self.size = size
        self._ready = threading.Condition()
        self._pending = []
        self._closed = False

    def submit(self, request):
        with self._ready:
            if self._closed:  # the consumer may be gone: refuse, do not lose it
                raise RuntimeError("submit() after close()")
            self._pending.append(request)
            if len(self._pending) >= self.size:
                self._ready.notify()  # a full batch: wake the consumer

    def close(self):
        with self._ready:
            self._closed = True
            self._ready.notify_all()  # wake it for the last, partial batch

    def next_batch(self, timeout):
        """A full batch; after close(), what is left; [] when nothing is."""
        with self._ready:
            # wait_for re-checks the predicate after every wake-up
            if not self._ready.wait_for(
                    lambda: len(self._pending) >= self.size or self._closed, timeout):
                raise TimeoutError(f"no batch in {timeout} s")
            batch = self._pending[:self.size]
            del self._pending[:self.size]
            return batch


def consume(batcher, batches, errors):
    try:
        while batch := batcher.next_batch(timeout=5):
            batches.append(batch)
    except Exception as error:  # hand it to the main thread
        errors.append(error)


def main():
    batcher = Batcher(size=4)
    batches, errors = [], []
    consumer = threading.Thread(target=consume, args=(batcher, batches, errors))
    consumer.start()
    try:
        for request in range(REQUESTS):
            batcher.submit(request)
    finally:
        batcher.close()  # even if submitting failed, let the consumer finish
        consumer.join(timeout=10)
    if consumer.is_alive() or errors:
        raise RuntimeError(f"consumer failed: {errors or 'still running'}")
    for batch in batches:
        print("batch:", batch)
    print("requests in:", REQUESTS, "out:", sum(len(batch) for batch in batches))


if __name__ == "__main__":
    main()
