# Output varies: the CPU count, and so the default pool size, is the machine's.
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor


def hold(started, release):
    with started:
        started.count += 1
        started.notify_all()
    if not release.wait(timeout=10):
        raise TimeoutError("never released")


def main():
    # The documented default: min(32, os.cpu_count() + 4) on Python 3.8 to
    # 3.12; Python 3.13 counts the CPUs this process may use instead.
    if sys.version_info >= (3, 13):
        cpus = os.process_cpu_count()
    else:
        cpus = os.cpu_count()
    documented = min(32, (cpus or 1) + 4)

    started = threading.Condition()
    started.count = 0
    release = threading.Event()
    with ThreadPoolExecutor() as pool:  # no max_workers: the default
        try:
            # More tasks than the default can run at once; each one blocks.
            futures = [pool.submit(hold, started, release) for _ in range(documented + 8)]
            with started:
                if not started.wait_for(lambda: started.count >= documented, timeout=10):
                    raise TimeoutError("the pool started fewer tasks than documented")
            running = sum(future.running() for future in futures)
        finally:
            release.set()
    for future in futures:
        future.result(timeout=10)  # re-raises a failure

    print("CPUs counted:", cpus)
    print("documented default:", documented)
    print("tasks running at once:", running)
    print("as many as documented:", running == documented)
    print("tasks queued behind them:", len(futures) - running)


if __name__ == "__main__":
    main()
