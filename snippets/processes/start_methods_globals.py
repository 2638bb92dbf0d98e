"""What a child sees of a global that the parent changed before starting
it, under each start method."""

# This listing picks its own start methods

import multiprocessing

setting = "set at import"  # every child that imports this module sees this


def report(results):
    results.put((multiprocessing.get_start_method(), setting))


if __name__ == "__main__":
    setting = "changed in the parent"  # runs in the parent only
    for method in ("fork", "spawn", "forkserver"):
        context = multiprocessing.get_context(method)
        results = context.Queue()
        child = context.Process(target=report, args=(results,))
        child.start()
        try:
            used, seen = results.get(timeout=10)
        finally:
            child.join(timeout=10)
            if child.is_alive():  # the join timed out: do not leave it running
                child.terminate()
                child.join()
        print(f"{method:<10} child ran under {used!r:<12} and saw: {seen}")
