"""A process pool pickles every task it sends: the function by its name,
and the arguments. Local functions and lambdas have no importable name."""

import functools
import pickle
from concurrent.futures import ProcessPoolExecutor


def scale(x, factor):  # module level: pickled as "__main__.scale"
    return x * factor


def main():
    def double(x):  # local: its name is "main.<locals>.double"
        return 2 * x

    with ProcessPoolExecutor(max_workers=2) as pool:
        for task in (double, lambda x: 2 * x):
            try:
                pool.submit(task, 1).result(timeout=10)
            except (AttributeError, pickle.PicklingError) as error:  # while pickling the task
                print(f"{type(error).__name__}: {error}")
        # The fix: a module-level function, its fixed argument bound with partial.
        doubled = list(pool.map(functools.partial(scale, factor=2), range(5), timeout=10))
    print("partial(scale, factor=2):", doubled)


if __name__ == "__main__":
    main()
