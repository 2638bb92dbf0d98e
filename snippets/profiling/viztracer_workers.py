"""VizTracer records every call in every thread of the program it starts,
and in its multiprocessing children: the program runs itself under
viztracer, then prints which of its functions the trace holds."""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading


def tokenize(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def thread_work():
    return tokenize(1_000)


def process_work(shard):
    return tokenize(1_000 + shard)


def workload():
    """What is traced: one thread and two worker processes."""
    pool = multiprocessing.Pool(processes=2)  # before the thread: no fork with a thread running
    thread = threading.Thread(target=thread_work)
    thread.start()
    try:
        done = pool.map_async(process_work, range(2)).get(timeout=60)
        pool.close()  # workers that exit normally write their part of the trace
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        thread.join(timeout=60)
    if len(done) != 2 or thread.is_alive():
        raise RuntimeError(f"workload failed: {done}, thread alive: {thread.is_alive()}")


def trace():
    """Run this file's workload under viztracer; return the trace's events."""
    with tempfile.TemporaryDirectory() as folder:
        result = os.path.join(folder, "trace.json")
        command = [sys.executable, "-m", "viztracer", "--quiet", "--output_file", result,
                   "--", os.path.abspath(__file__), "workload"]
        # A session of its own, so that a timeout can stop viztracer and the workers
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
        try:
            _, errors = run.communicate(timeout=120)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait(timeout=60)
        if run.returncode != 0:
            raise RuntimeError(f"viztracer failed ({run.returncode}):\n{errors}")
        with open(result, encoding="utf-8") as file:
            return json.load(file)["traceEvents"]


if __name__ == "__main__":
    if sys.argv[1:] == ["workload"]:
        workload()
    else:
        events = trace()
        # A complete event ("X") per call, named "function (file:line)"
        called = {event["name"].split(" ")[0] for event in events if event.get("ph") == "X"}
        print("viztracer:")
        for name in ("thread_work", "process_work", "tokenize"):
            print(f"  {name}: {'traced' if name in called else 'missing'}")
