"""Ctrl-C during a process pool. SIGINT reaches the whole foreground
process group; the workers ignore it, so a worker idle between tasks does
not die with a traceback, and the parent decides: it cancels what has not
started (cancel_futures=True; without it, shutdown would run all 200 tasks
first), waits for what is running, unlinks its shared memory and exits
with 130 (128 + SIGINT), as a shell expects."""

import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import shared_memory


def ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does


def work(name, item):
    block = shared_memory.SharedMemory(name=name)
    try:
        time.sleep(0.2)
        block.buf[item % block.size] = 1
    finally:
        block.close()
    return os.getpid()


def main(method, name):
    block = shared_memory.SharedMemory(create=True, size=64, name=name)
    pool = ProcessPoolExecutor(max_workers=2, initializer=ignore_sigint,
                               mp_context=multiprocessing.get_context(method))
    try:
        futures = [pool.submit(work, block.name, item) for item in range(200)]
        workers = set()
        for future in futures:  # both workers up and past their initializer
            workers.add(future.result(timeout=60))
            if len(workers) == 2:
                break
        print("ready", flush=True)
        for future in futures:
            future.result(timeout=120)
        return 0
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        return 130
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        block.close()
        block.unlink()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
