"""The GIL does not make a read-modify-write atomic: threads that add to a
shared counter lose updates unless a lock covers the read and the write.

time.sleep(0) between the read and the write gives the GIL away there on
purpose. Without it, CPython 3.11 rarely switches threads inside such a
short step, so the race is real but hard to see in a small demo."""

import threading
import time

THREADS = 4
ADDS = 500  # per thread


def add_unlocked(counter):
    for _ in range(ADDS):
        value = counter["samples"]       # read
        time.sleep(0)                    # let another thread run here
        counter["samples"] = value + 1   # write: may overwrite another thread's add


def add_locked(counter, lock):
    for _ in range(ADDS):
        with lock:  # the read and the write happen as one step
            value = counter["samples"]
            time.sleep(0)
            counter["samples"] = value + 1


def run(target, *extra):
    counter = {"samples": 0}
    threads = [threading.Thread(target=target, args=(counter, *extra))
               for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise RuntimeError(f"threads still running: {stuck}")
    return counter["samples"]


if __name__ == "__main__":
    expected = THREADS * ADDS
    unlocked = run(add_unlocked)
    locked = run(add_locked, threading.Lock())
    print(f"no lock:   lost updates: {'yes' if unlocked < expected else 'no'}")
    print(f"with lock: {locked} of {expected} adds counted")
