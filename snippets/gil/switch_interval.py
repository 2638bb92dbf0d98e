"""How long a thread that wakes up waits for the GIL while another thread
runs pure Python: about one switch interval. The waiting thread asks for
the GIL, and the running thread is asked to drop it only after the switch
interval has passed without a switch."""

import statistics
import sys
import threading
import time

# Output varies: the times are measured, and two runs can round to the same tenth of a ms.
WAKE_UPS = 10
NAP = 0.001  # seconds the waking thread sleeps each time


def spin(running, stop):
    """Pure-Python work: holds the GIL except when forced to drop it."""
    running.set()
    total = 0
    while not stop.is_set():
        for i in range(10_000):
            total = (total * 31 + i) % 1_000_003


def waits_for_the_gil(interval, spinning=True):
    """Median time a sleeping thread woke up late (beyond its nap), under the
    given switch interval, with or without a spinning thread beside it."""
    previous = sys.getswitchinterval()
    running, stop = threading.Event(), threading.Event()
    spinner = threading.Thread(target=spin, args=(running, stop)) if spinning else None
    late = []
    sys.setswitchinterval(interval)
    try:
        if spinner is not None:
            spinner.start()
            # A started thread may not be running yet: measure only once it spins.
            if not running.wait(timeout=10):
                raise RuntimeError("the spinning thread did not start in 10 s")
        for _ in range(WAKE_UPS):
            start = time.perf_counter()
            time.sleep(NAP)
            late.append(time.perf_counter() - start - NAP)
    finally:
        stop.set()
        if spinner is not None and spinner.ident is not None:  # it was started
            spinner.join(timeout=10)
        sys.setswitchinterval(previous)  # put the interpreter's value back
    if spinner is not None and spinner.is_alive():
        raise RuntimeError("the spinning thread did not stop in 10 s")
    return statistics.median(late)


if __name__ == "__main__":
    alone = waits_for_the_gil(0.02, spinning=False)
    short = waits_for_the_gil(0.001)
    long = waits_for_the_gil(0.02)
    print(f"no other thread running:          woke up {alone * 1000:.1f} ms late (median)")
    print(f"spinning thread, interval 0.001 s: woke up {short * 1000:.1f} ms late (median)")
    print(f"spinning thread, interval 0.02 s:  woke up {long * 1000:.1f} ms late (median)")
    print(f"a longer switch interval made the wait longer: {'yes' if long > short else 'no'}")
