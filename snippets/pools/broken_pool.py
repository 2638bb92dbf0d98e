import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.thread import BrokenThreadPool


class Remember(logging.Handler):
    """Keeps what concurrent.futures logs, instead of printing it to stderr."""

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def connect(ready):
    """An initializer that fails, as when the database is down."""
    if not ready.wait(timeout=5):  # let the main thread queue its tasks first
        raise TimeoutError("never told to go on")
    raise ConnectionError("database unreachable")


def main():
    log = logging.getLogger("concurrent.futures")
    remember = Remember()
    log.addHandler(remember)
    ready = threading.Event()
    try:
        with ThreadPoolExecutor(max_workers=1, initializer=connect,
                                initargs=(ready,)) as pool:
            try:
                futures = [pool.submit(pow, 2, n) for n in range(3)]
            finally:
                ready.set()
            for n, future in enumerate(futures):
                try:
                    future.result(timeout=5)
                except BrokenThreadPool as error:
                    print(f"queued task {n}:", type(error).__name__)
            try:
                pool.submit(pow, 2, 3)
            except BrokenThreadPool as error:
                print("new submit():", type(error).__name__, "-", error)
    finally:
        log.removeHandler(remember)

    for record in remember.records:
        print(f"logged ({record.levelname}): {record.getMessage()}",
              repr(record.exc_info[1]))


if __name__ == "__main__":
    main()
