"""py-spy samples every thread of the program it starts, and with
--subprocesses its child processes too. The program runs itself under
py-spy, then prints which of its functions appear in the samples."""

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time

# How long the thread and the workers stay in their functions: ten times
# the 100 ms at which py-spy looks for new child processes.
STAY_SECONDS = 1.0


def stay(seconds):
    """Wait in the calling function, idle, for that long by the clock
    (short sleeps: a skewed sleep cannot shorten the total)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.02)


def process_work(shard):
    stay(STAY_SECONDS)
    return shard


def thread_work(done):
    if not done.wait(timeout=60):  # in this function until the pool's work is done
        raise RuntimeError("the pool never finished")


def workload():
    """What is profiled: a thread waiting in thread_work, and two worker
    processes in process_work, at the same time."""
    shards = [0, 1]
    pool = multiprocessing.Pool(processes=2)  # before the thread: no fork with a thread running
    done = threading.Event()
    thread = threading.Thread(target=thread_work, args=(done,))
    thread.start()
    try:
        results = pool.map_async(process_work, shards, chunksize=1).get(timeout=60)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        done.set()
        pool.join()
        thread.join(timeout=60)
    if results != shards or thread.is_alive():
        raise RuntimeError(f"workload failed: {results}, thread alive: {thread.is_alive()}")


def record(*options):
    """Run this file's workload under `py-spy record`; return the raw samples."""
    py_spy = os.path.join(sysconfig.get_path("scripts"), "py-spy")
    with tempfile.TemporaryDirectory() as folder:
        samples = os.path.join(folder, "samples.txt")
        command = [py_spy, "record", *options, "--idle", "--format", "raw", "--output", samples,
                   "--", sys.executable, os.path.abspath(__file__), "workload"]
        # A session of its own, so that a timeout can stop py-spy, the workload and its workers
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
        try:
            _, errors = run.communicate(timeout=120)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait(timeout=60)
        if run.returncode != 0:
            raise RuntimeError(f"py-spy failed ({run.returncode}):\n{errors}")
        with open(samples, encoding="utf-8") as file:
            return file.read()


def show(title, samples):
    print(title)
    for name in ("thread_work", "process_work"):
        found = re.search(rf"(^|;){name} \(", samples, re.MULTILINE)
        print(f"  {name}: {'sampled' if found else 'missing'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["workload"]:
        workload()
    else:
        show("py-spy record --idle:", record())
        show("py-spy record --subprocesses --idle:", record("--subprocesses"))
