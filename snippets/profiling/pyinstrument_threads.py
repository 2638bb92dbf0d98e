"""pyinstrument samples only the thread that started it: started in the
main thread, it sees the main thread waiting in join(); started inside
the worker thread, it sees the worker's functions."""

import threading
import time

from pyinstrument import Profiler


def tokenize(n):
    return sum(i * i for i in range(n))


def thread_work():
    end = time.monotonic() + 0.2
    while time.monotonic() < end:
        tokenize(5_000)


def profiled_thread_work(sessions):
    profiler = Profiler()
    profiler.start()  # in the worker thread: samples this thread
    try:
        thread_work()
    finally:
        sessions.append(profiler.stop())


def run_thread(target, *args):
    thread = threading.Thread(target=target, args=args)
    thread.start()
    thread.join(timeout=60)
    if thread.is_alive():
        raise RuntimeError("the worker thread did not finish")


def functions(frame):
    """The names of the functions in a pyinstrument call tree."""
    if frame is None:
        return set()
    names = {frame.function}
    for child in frame.children:
        names |= functions(child)
    return names


def show(title, session):
    seen = functions(session.root_frame())
    print(title)
    for name in ("thread_work", "tokenize", "join"):
        print(f"  {name}: {'sampled' if name in seen else 'missing'}")


if __name__ == "__main__":
    profiler = Profiler()
    profiler.start()  # in the main thread
    try:
        run_thread(thread_work)
    finally:
        session = profiler.stop()
    show("pyinstrument started in the main thread:", session)

    sessions = []
    run_thread(profiled_thread_work, sessions)
    show("pyinstrument started in the worker thread:", sessions[0])
