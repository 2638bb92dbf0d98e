import contextlib
import threading
import time

THREADS = 4
BATCHES = 500  # batches each thread counts


def count_batches(metrics, start, errors, lock=None):
    try:
        start.wait()  # all threads begin together, so their updates overlap
        guard = lock if lock is not None else contextlib.nullcontext()  # no lock: no-op
        for _ in range(BATCHES):
            with guard:
                seen = metrics["batches"]  # read
                time.sleep(0)  # widen the window: another thread may run here
                metrics["batches"] = seen + 1  # write back what was read, plus one
    except Exception as error:  # hand it to the main thread
        errors.append(error)


def run(lock=None):
    metrics = {"batches": 0}
    errors = []
    start = threading.Barrier(THREADS, timeout=5)
    threads = [threading.Thread(target=count_batches, args=(metrics, start, errors, lock))
               for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a counting thread did not finish in 30 s")
    if errors:  # a thread that failed would also make the count come out low
        raise RuntimeError(f"a counting thread failed: {errors}")
    return metrics["batches"]


def main():
    expected = THREADS * BATCHES
    print("batches counted by the threads:", expected)
    unlocked = run()
    print("without a lock, lost updates:", "yes" if unlocked < expected else "no")
    print("with a lock, the metric reads:", run(threading.Lock()))


if __name__ == "__main__":
    main()
