import contextlib
import gc
import io
from concurrent.futures import ThreadPoolExecutor


def load(shard):
    raise OSError(f"shard {shard}: disk not mounted")


def main():
    # Catch anything written to standard error while the task fails, the
    # pool shuts down and the future is garbage-collected.
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        with ThreadPoolExecutor(max_workers=1) as pool:
            forgotten = pool.submit(load, 1)  # its result is never read
            checked = pool.submit(load, 2)
        del forgotten
        gc.collect()
    print("written to stderr:", repr(stderr.getvalue()))

    # The exception waits inside the future until someone asks for it.
    print("done:", checked.done())
    print("exception():", repr(checked.exception(timeout=5)))
    try:
        checked.result(timeout=5)
    except OSError as error:
        print("result() raised:", error)


if __name__ == "__main__":
    main()
