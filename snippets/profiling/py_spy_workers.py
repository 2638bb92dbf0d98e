"""py-spy samples every thread of the program it starts, and with
--subprocesses its child processes too. The program runs itself under
py-spy, then prints which of its functions appear in the samples."""

import multiprocessing
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time

BUSY_SECONDS = 0.6


def tokenize(n):
    return sum(i * i for i in range(n))


def busy():
    end = time.monotonic() + BUSY_SECONDS
    while time.monotonic() < end:
        tokenize(5_000)


def thread_work():
    busy()


def process_work(shard):
    busy()
    return shard


def workload():
    """What is profiled: one thread and two worker processes, busy at once."""
    thread = threading.Thread(target=thread_work)
    thread.start()
    try:
        with multiprocessing.Pool(processes=2) as pool:
            done = pool.map_async(process_work, range(2)).get(timeout=60)
    finally:
        thread.join(timeout=60)
    if done != [0, 1] or thread.is_alive():
        raise RuntimeError(f"workload failed: {done}, thread alive: {thread.is_alive()}")


def record(*options):
    """Run this file's workload under `py-spy record`; return the raw samples."""
    py_spy = os.path.join(sysconfig.get_path("scripts"), "py-spy")
    with tempfile.TemporaryDirectory() as folder:
        samples = os.path.join(folder, "samples.txt")
        run = subprocess.run(
            [py_spy, "record", *options, "--format", "raw", "--output", samples,
             "--", sys.executable, os.path.abspath(__file__), "workload"],
            capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            raise RuntimeError(f"py-spy failed ({run.returncode}):\n{run.stderr}")
        with open(samples, encoding="utf-8") as file:
            return file.read()


def show(title, samples):
    print(title)
    for name in ("thread_work", "process_work", "tokenize"):
        found = re.search(rf"(^|;){name} \(", samples, re.MULTILINE)
        print(f"  {name}: {'sampled' if found else 'missing'}")


if __name__ == "__main__":
    if sys.argv[1:] == ["workload"]:
        workload()
    else:
        show("py-spy record --idle:", record("--idle"))
        show("py-spy record --subprocesses --idle:", record("--subprocesses", "--idle"))
