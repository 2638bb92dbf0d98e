"""A worker process killed mid-task (SIGKILL, as the kernel's OOM killer
does): the pool breaks, every waiting future raises BrokenProcessPool, and
the program exits instead of waiting for a result that will never come."""

import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def slow(seconds):
    time.sleep(seconds)
    return os.getpid()


def main(method):
    with ProcessPoolExecutor(max_workers=2,
                             mp_context=multiprocessing.get_context(method)) as pool:
        victim = pool.submit(slow, 0).result(timeout=60)  # a live worker's pid
        running = [pool.submit(slow, 30) for _ in range(4)]
        time.sleep(0.5)  # the long tasks have started
        os.kill(victim, signal.SIGKILL)
        outcomes = []
        for future in running:
            try:
                future.result(timeout=20)
                outcomes.append("finished")
            except BrokenProcessPool:
                outcomes.append("BrokenProcessPool")
    print("futures:", outcomes)


if __name__ == "__main__":
    main(sys.argv[1])
