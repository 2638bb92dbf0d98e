"""Logging from worker processes through one queue to a listener in the
parent, and progress counted in the parent as results arrive."""

import logging
import logging.handlers
import multiprocessing


def init_worker(log_queue):
    """Pool initializer: every record of this worker goes to the queue."""
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(log_queue)]  # not the fork-inherited ones
    root.setLevel(logging.INFO)


def preprocess(shard):
    rows = 100 + shard
    logging.getLogger("preprocess").info("shard %d: %d rows", shard, rows)
    return shard, rows


class Collect(logging.Handler):
    """Keeps the formatted records; a real program would use a
    logging.StreamHandler() or a logging.FileHandler(...) here."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


if __name__ == "__main__":
    shards = list(range(4))
    collect = Collect()
    collect.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    log_queue = multiprocessing.Queue()
    # The pool first: under fork, its workers then copy no listener thread.
    pool = multiprocessing.Pool(processes=2, initializer=init_worker, initargs=(log_queue,))
    listener = logging.handlers.QueueListener(log_queue, collect, respect_handler_level=True)
    listener.start()  # a thread in the parent that hands each record to `collect`
    try:
        rows = {}
        results = pool.imap_unordered(preprocess, shards)
        for done in range(1, len(shards) + 1):
            shard, count = results.next(timeout=60)  # re-raises a worker's exception
            rows[shard] = count
            print(f"progress: {done}/{len(shards)} shards")
        pool.close()  # the workers exit normally, flushing the records they queued
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        listener.stop()  # handles what is still queued, then ends its thread

    print(f"rows: {sum(rows.values())} in {len(rows)} shards")
    print(f"log records: {len(collect.lines)} of {len(shards)}")
    for line in sorted(collect.lines):  # they arrive in whatever order the workers ran
        print(line)
