import threading
from concurrent.futures import ThreadPoolExecutor, as_completed


def download(shard, gates):
    """Stand-in for a download: it finishes when its gate opens, so that the
    main thread decides the order in which the downloads finish."""
    if not gates[shard].wait(timeout=5):
        raise TimeoutError(f"shard {shard}: gate never opened")
    return f"shard-{shard}.bin"


def main():
    shards = range(4)
    finish_order = [2, 0, 3, 1]  # the order in which the downloads finish

    # map(): results come back in input order, whatever order they finish in.
    gates = {shard: threading.Event() for shard in shards}
    with ThreadPoolExecutor(max_workers=4) as pool:
        try:
            results = pool.map(download, shards, [gates] * len(shards), timeout=5)
            for shard in finish_order:
                gates[shard].set()
            print("map():         ", list(results))
        finally:
            for gate in gates.values():  # never leave a task waiting
                gate.set()

    # submit() + as_completed(): each future as soon as it is done. Here the
    # main thread opens the next gate only after the previous download has
    # arrived, so the finishing order is certain.
    gates = {shard: threading.Event() for shard in shards}
    arrived = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        try:
            futures = {pool.submit(download, shard, gates): shard for shard in shards}
            to_open = iter(finish_order)
            gates[next(to_open)].set()
            for future in as_completed(futures, timeout=5):
                arrived.append(future.result())  # re-raises a failed download
                shard = next(to_open, None)
                if shard is not None:
                    gates[shard].set()
        finally:
            for gate in gates.values():
                gate.set()
    print("as_completed():", arrived)


if __name__ == "__main__":
    main()
