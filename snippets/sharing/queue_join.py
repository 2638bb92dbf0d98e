from multiprocessing import Event, Process, Queue

SIZE = 1_000_000  # more than a pipe holds: the worker's feeder thread blocks


def produce(results, returned=None):
    results.put(b"x" * SIZE)
    if returned is not None:
        returned.set()  # its work is done: only the exit is left
    # Returning now, the process waits for its feeder thread to flush the
    # item into the pipe, which needs someone to read from the other end.


def stop(worker):
    if worker.is_alive():
        worker.terminate()
        worker.join(timeout=5)


def join_then_get():
    results, returned = Queue(), Event()
    worker = Process(target=produce, args=(results, returned))
    worker.start()
    try:
        if not returned.wait(timeout=10):  # the worker has put its item
            raise TimeoutError("the worker did not put its item within 10 s")
        worker.join(timeout=0.5)  # the docs' deadlock, with a timeout
        print("join, then get: alive after join(timeout=0.5):", worker.is_alive())
        item = results.get(timeout=10)  # drain the queue...
        worker.join(timeout=10)  # ...and the worker can finish
        print(f"  after draining {len(item)} bytes: exit code {worker.exitcode}")
    finally:
        stop(worker)


def get_then_join():
    results = Queue()
    worker = Process(target=produce, args=(results,))
    worker.start()
    try:
        item = results.get(timeout=10)  # get everything first...
        worker.join(timeout=10)  # ...then join
        print(f"get, then join: got {len(item)} bytes, exit code {worker.exitcode}")
    finally:
        stop(worker)


if __name__ == "__main__":
    join_then_get()
    get_then_join()
