"""An exception that cannot be unpickled kills the Pool's result-handler
thread, and Pool.map waits forever. A timeout shows it; the fix is an
exception that passes all its arguments to Exception.__init__."""

import multiprocessing
import threading


class ShardError(Exception):  # unpickles as ShardError(message): one argument short
    def __init__(self, shard, reason):
        super().__init__(f"shard {shard}: {reason}")


class PicklableShardError(Exception):  # self.args holds both arguments
    def __init__(self, shard, reason):
        super().__init__(shard, reason)
        self.shard, self.reason = shard, reason

    def __str__(self):
        return f"shard {self.shard}: {self.reason}"


def load(shard):
    raise ShardError(shard, "corrupt header")


def load_fixed(shard):
    raise PicklableShardError(shard, "corrupt header")


def main():
    died = []  # what killed the pool's internal thread, instead of stderr
    previous_hook = threading.excepthook
    threading.excepthook = lambda args: died.append(
        f"{args.thread.name.split()[-1]} {args.exc_type.__name__}: {args.exc_value}")
    pool = multiprocessing.Pool(processes=2)
    try:
        pool.map_async(load, [3]).get(timeout=2)
    except multiprocessing.TimeoutError:
        print("map_async(...).get(timeout=2): TimeoutError, no result and no exception")
    finally:
        try:
            pool.terminate()
        except AssertionError as error:  # the pool cannot even be terminated now
            print("pool.terminate():", error)
            for child in multiprocessing.active_children():
                child.terminate()
                child.join(timeout=10)
        threading.excepthook = previous_hook
    print("thread that died:", *died)

    with multiprocessing.Pool(processes=2) as pool:
        try:
            pool.map_async(load_fixed, [3]).get(timeout=10)
        except PicklableShardError as error:
            print(f"fixed: {type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
