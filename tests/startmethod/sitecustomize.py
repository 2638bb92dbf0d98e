"""Imported at start-up by every Python the test harness runs (it is on
PYTHONPATH), including child processes.

LISTING_START_METHOD: force this multiprocessing start method, so that a
    listing is tested under fork, spawn and forkserver exactly as a reader
    copies it, without editing it; Dask's worker processes use it too.
LISTING_PROCESS_LOG: append every process the listing starts to this file:
    the start method of each multiprocessing child ("loky" for joblib's
    workers), and "event:<name>" for
    os.fork, subprocess and the other ways to start a process, so the
    harness can check what really ran; and "thread-left:<name>" for each
    thread still running when the listing exits.
LISTING_DISTURB: disturb thread scheduling, so that output that depends on
    it changes: switch threads as often as possible, and stretch or shrink
    every time.sleep() and every timed wait on a Condition (Event.wait,
    Queue.get with a timeout) by the order in which its thread (or pool
    process) was started, odd ones 3x longer, even ones 3x shorter, so the
    order in which waiting workers wake up is reversed.
    The first five threads started also begin their work in the reverse
    order (10 ms to 2 ms late), so output that follows the start order
    of threads changes too.
"""

import os
import sys

_method = os.environ.get("LISTING_START_METHOD")
_log = os.environ.get("LISTING_PROCESS_LOG")


def _record(entry):
    with open(_log, "a", encoding="utf-8") as log:
        log.write(entry + "\n")


if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
    # Dask's nannies start worker processes with the method in Dask's own
    # config (spawn by default), which reads this variable at import.
    os.environ["DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"] = _method

if _log:
    import multiprocessing.process

    _POPEN_METHODS = {
        "multiprocessing.popen_fork": "fork",
        "multiprocessing.popen_spawn_posix": "spawn",
        "multiprocessing.popen_spawn_win32": "spawn",
        "multiprocessing.popen_forkserver": "forkserver",
        "joblib.externals.loky.backend.popen_loky_posix": "loky",
        "loky.backend.popen_loky_posix": "loky",
    }
    _original_start = multiprocessing.process.BaseProcess.start

    def _start_and_record(self):
        _original_start(self)
        module = type(self._popen).__module__
        _record(_POPEN_METHODS.get(module, module))

    multiprocessing.process.BaseProcess.start = _start_and_record

    _PROCESS_EVENTS = {"os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.system",
                       "os.exec", "subprocess.Popen"}

    def _audit(event, args):
        if event in _PROCESS_EVENTS:
            _record("event:" + event)

    sys.addaudithook(_audit)

    if os.getpid() == os.getsid(0):  # the listing itself (the harness gives it a session)
        import atexit
        import threading

        def _record_threads_left():
            # Runs after the interpreter has joined the non-daemon threads:
            # what is still alive here is killed wherever it is at exit.
            for thread in threading.enumerate():
                if thread is not threading.main_thread() and thread.is_alive():
                    _record("thread-left:" + thread.name.replace(" ", "_"))

        atexit.register(_record_threads_left)

if os.environ.get("LISTING_DISTURB"):
    import itertools
    import random
    import threading
    import time

    sys.setswitchinterval(1e-6)
    _order = itertools.count(1)
    _original_thread_start = threading.Thread.start
    _real_sleep = time.sleep

    def _numbered_start(self):
        self._listing_order = order = next(_order)
        delay = max(0, 6 - order) * 0.002  # 10 ms for the first thread, 2 ms for the fifth
        if delay:  # the first threads started begin their work last
            run = self.run

            def _late_run():
                _real_sleep(delay)
                run()
            self.run = _late_run
        _original_thread_start(self)

    def _skew():
        order = getattr(threading.current_thread(), "_listing_order", 0)
        if not order:  # the main thread of a pool's worker process
            import multiprocessing

            identity = multiprocessing.current_process()._identity
            order = identity[-1] if identity else 0
        factor = 1 if not order else (3 if order % 2 else 1 / 3)
        return factor * random.uniform(0.9, 1.1)

    def _skewed_sleep(seconds):
        _real_sleep(seconds * _skew())

    _real_wait = threading.Condition.wait

    def _skewed_wait(self, timeout=None):
        # Event.wait(t) and Queue.get(timeout=t) wait here too.
        return _real_wait(self, None if timeout is None else timeout * _skew())

    threading.Thread.start = _numbered_start
    time.sleep = _skewed_sleep
    threading.Condition.wait = _skewed_wait
