"""Imported at start-up by every Python the test harness runs (it is on
PYTHONPATH), including child processes.

LISTING_START_METHOD: force this multiprocessing start method, so that a
    listing is tested under fork, spawn and forkserver exactly as a reader
    copies it, without editing it.
LISTING_PROCESS_LOG: append the start method of every process the listing
    starts to this file, so the harness can check which method really ran.
"""

import os

_method = os.environ.get("LISTING_START_METHOD")
_log = os.environ.get("LISTING_PROCESS_LOG")

if _method or _log:
    import multiprocessing
    import multiprocessing.process

    if _method:
        multiprocessing.set_start_method(_method, force=True)

    if _log:
        _POPEN_METHODS = {
            "multiprocessing.popen_fork": "fork",
            "multiprocessing.popen_spawn_posix": "spawn",
            "multiprocessing.popen_spawn_win32": "spawn",
            "multiprocessing.popen_forkserver": "forkserver",
        }
        _original_start = multiprocessing.process.BaseProcess.start

        def _start_and_record(self):
            _original_start(self)
            module = type(self._popen).__module__
            with open(_log, "a", encoding="utf-8") as log:
                log.write(_POPEN_METHODS.get(module, module) + "\n")

        multiprocessing.process.BaseProcess.start = _start_and_record
