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
    try:
        for _ in range(3):  # the "training loop"
            print("training on", batches.get(timeout=5))  # may raise queue.Empty
            time.sleep(0.01)
    finally:
        # Runs whether the loop finished or raised: ask the thread to finish,
        # then wait for it. Without this, an exception in the loop would leave
        # the prefetcher running, and the program would never exit. (A daemon
        # thread would instead be killed wherever it is at exit.)
        stop.set()
        prefetcher.join(timeout=5)
    print("prefetcher stopped:", not prefetcher.is_alive())


if __name__ == "__main__":
    main()
