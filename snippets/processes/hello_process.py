"""Start one process, wait for it with a timeout, and check how it ended."""

import multiprocessing


def greet(name):
    print("hello", name, flush=True)


if __name__ == "__main__":
    child = multiprocessing.Process(target=greet, args=("world",))
    child.start()
    child.join(timeout=10)
    if child.is_alive():  # join() returned because the timeout expired
        child.terminate()
        child.join()
        raise SystemExit("the child did not finish in time")
    if child.exitcode != 0:  # 1 if it raised, -N if signal N killed it
        raise SystemExit(f"the child failed: exit code {child.exitcode}")
    print("child exit code:", child.exitcode)
