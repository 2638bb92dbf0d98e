import sqlite3
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

local = threading.local()  # each thread sees its own attributes


def open_connection(path, opened, lock):
    """The pool's initializer: runs once in each worker thread, first."""
    # check_same_thread=False only so that the main thread may close it once
    # this thread has ended; while the pool runs, only this thread uses it.
    local.db = sqlite3.connect(path, check_same_thread=False)
    with lock:
        opened.append((threading.current_thread().name, local.db))


def lookup(key):
    row = local.db.execute("SELECT value FROM features WHERE key = ?", (key,)).fetchone()
    return row[0]


def main():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "features.db"
        db = sqlite3.connect(path)
        try:
            with db:  # commits (a with block does not close the connection)
                db.execute("CREATE TABLE features (key INTEGER PRIMARY KEY, value REAL)")
                db.executemany("INSERT INTO features VALUES (?, ?)",
                               [(key, key / 10) for key in range(100)])
        finally:
            db.close()

        # By default a connection refuses to be used by another thread:
        shared = sqlite3.connect(path)
        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(shared.execute, "SELECT 1").result(timeout=5)
        except sqlite3.ProgrammingError as error:
            print("shared connection:", type(error).__name__, "-", str(error).split(".")[0])
        finally:
            shared.close()

        # One connection per worker thread, opened by the initializer:
        opened, lock = [], threading.Lock()
        try:
            with ThreadPoolExecutor(max_workers=4, initializer=open_connection,
                                    initargs=(path, opened, lock)) as pool:
                values = list(pool.map(lookup, range(100), timeout=30))
        finally:
            for _, connection in opened:  # the workers have ended: close theirs
                connection.close()
        threads = [name for name, _ in opened]
        print("lookups:", len(values), "sum:", round(sum(values), 1))
        print("one connection per worker thread, at most 4:",
              len(set(threads)) == len(threads) <= 4)


if __name__ == "__main__":
    main()
