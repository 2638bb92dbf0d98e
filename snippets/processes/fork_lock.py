"""os.fork() copies the memory of the whole process, but only the thread
that called it. A lock that another thread held at that moment is held in
the child too, and nobody there will ever release it. (Linux and macOS;
this listing calls os.fork itself, whatever the start method.)"""

import os
import threading

lock = threading.Lock()
held = threading.Event()
forked = threading.Event()


def hold_lock():  # say, a cache or an allocator in the middle of its work
    with lock:
        held.set()
        forked.wait(timeout=10)  # keep the lock until the parent has forked


if __name__ == "__main__":
    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        if not held.wait(timeout=10):
            raise SystemExit("the thread never took the lock")
        pid = os.fork()
        if pid == 0:  # the child: one thread, and a copy of the held lock
            got_it = lock.acquire(timeout=1)
            os._exit(0 if got_it else 3)
    finally:
        forked.set()
        holder.join(timeout=10)
    _, status = os.waitpid(pid, 0)
    print("child could take the lock:", os.waitstatus_to_exitcode(status) == 0)
    print("parent can take it, once the thread released it:", lock.acquire(timeout=1))
    lock.release()
