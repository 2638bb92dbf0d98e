import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor


def step(name, started, release):
    started.set()
    if not release.wait(timeout=5):  # never wait forever
        raise TimeoutError(f"{name}: never released")
    return f"{name} done"


def main():
    release = threading.Event()
    started = {name: threading.Event() for name in "ABCD"}
    # One worker: A runs and blocks; B, C and D wait in the pool's queue.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            futures = {name: pool.submit(step, name, started[name], release)
                       for name in "ABCD"}
            if not started["A"].wait(timeout=5):
                raise TimeoutError("A never started")

            print("A.cancel() while A runs:   ", futures["A"].cancel())
            print("B.cancel() while B queues: ", futures["B"].cancel())

            # Cancel everything still queued (C and D); A keeps running.
            pool.shutdown(wait=False, cancel_futures=True)
            try:
                pool.submit(step, "E", threading.Event(), release)
            except RuntimeError as error:
                print("submit() after shutdown:   ", error)
        finally:
            release.set()  # let A finish; leaving the block waits for it

    for name, future in futures.items():
        try:
            print(f"{name}: {future.result(timeout=5)}")
        except CancelledError:
            print(f"{name}: cancelled, never started: {not started[name].is_set()}")


if __name__ == "__main__":
    main()
