"""The GIL does not make a read-modify-write atomic: threads that add to a
shared counter lose updates unless a lock covers the read and the write.

time.sleep(0) between the read and the write gives the GIL away there on
purpose. Without it, CPython 3.11 rarely switches threads inside such a
short step, so the race is real but hard to see in a small demo."""

import contextlib
import threading
import time

THREADS = 4
ADDS = 500  # per thread


def add(counter, start, errors, lock=None):
    try:
        start.wait()  # all threads begin together, so their adds overlap
        guard = lock if lock is not None else contextlib.nullcontext()  # no lock: no-op
        for _ in range(ADDS):
            with guard:  # with a lock, the read and the write are one step
                value = counter["samples"]       # read
                time.sleep(0)                    # let another thread run here
                counter["samples"] = value + 1   # write: may overwrite another thread's add
    except Exception as error:  # hand it to the main thread
        errors.append(error)


def run(lock=None):
    counter = {"samples": 0}
    errors = []
    start = threading.Barrier(THREADS, timeout=5)
    threads = [threading.Thread(target=add, args=(counter, start, errors, lock))
               for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise TimeoutError(f"threads still running after 30 s: {stuck}")
    if errors:  # a thread that failed would also make the count come out low
        raise RuntimeError(f"an adding thread failed: {errors}")
    return counter["samples"]


if __name__ == "__main__":
    expected = THREADS * ADDS
    unlocked = run()
    locked = run(threading.Lock())
    print(f"no lock:   lost updates: {'yes' if unlocked < expected else 'no'}")
    print(f"with lock: {locked} of {expected} adds counted")
