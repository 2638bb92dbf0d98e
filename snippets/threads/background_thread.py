import queue
import threading
import time


def prefetch(batches, stop):
    """Keep the next batches ready until told to stop."""
    batch = 0
    while not stop.is_set():
        try:
            batches.put(f"batch-{batch}", timeout=0.05)
            batch += 1
        except queue.Full:
            pass  # the consumer is behind; check the stop flag again


def main():
    batches = queue.Queue(maxsize=2)
    stop = threading.Event()
    prefetcher = threading.Thread(target=prefetch, args=(batches, stop))
    prefetcher.start()

    for _ in range(3):  # the "training loop"
        print("training on", batches.get(timeout=5))
        time.sleep(0.01)

    # Ask the thread to finish, then wait for it. A daemon thread would
    # instead be killed wherever it is when the interpreter exits.
    stop.set()
    prefetcher.join(timeout=5)
    print("prefetcher stopped:", not prefetcher.is_alive())


if __name__ == "__main__":
    main()
