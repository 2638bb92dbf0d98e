import queue
import threading
from concurrent.futures import ThreadPoolExecutor, wait


def fetch(source_id, replies, stop):
    """Wait for one source's reply; give up as soon as `stop` is set."""
    while not stop.is_set():
        try:
            # The blocking call has its own short timeout (a socket would use
            # settimeout), so the task gets to check `stop` between tries.
            return replies[source_id].get(timeout=0.05)
        except queue.Empty:
            continue
    return None  # told to stop


def main():
    replies = {source_id: queue.Queue() for source_id in range(6)}
    for source_id, reply in replies.items():
        if source_id not in (1, 2):  # sources 1 and 2 never answer
            reply.put(f"data-{source_id}")

    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {source_id: pool.submit(fetch, source_id, replies, stop)
                   for source_id in replies}
        try:
            # A timeout lets the caller notice; it does not stop anything.
            done, not_done = wait(futures.values(), timeout=0.5)
            print(f"after wait(timeout=0.5): {len(done)} done, {len(not_done)} not done")
        finally:
            # Drop the tasks that have not started, then ask the running ones
            # to give up. Leaving the with block waits for them to return.
            pool.shutdown(wait=False, cancel_futures=True)
            stop.set()

    for source_id, future in futures.items():
        if future.cancelled():
            print(f"source {source_id}: cancelled before it started")
        elif future in done:
            print(f"source {source_id}: {future.result()}")  # re-raises a failure
        else:
            future.result()  # it has returned by now; re-raises a failure
            print(f"source {source_id}: no reply; gave up when told to stop")


if __name__ == "__main__":
    main()
