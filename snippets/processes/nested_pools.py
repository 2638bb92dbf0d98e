"""A multiprocessing.Pool worker is a daemonic process, and a daemonic
process may not start children. A ProcessPoolExecutor worker may."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


def inner_pool(n):  # runs in a worker, and tries to start a pool of its own
    with multiprocessing.Pool(processes=1) as pool:
        return sum(pool.map(square, range(n)))


def inner_executor(n):
    with ProcessPoolExecutor(max_workers=1) as pool:
        return sum(pool.map(square, range(n), timeout=30))


if __name__ == "__main__":
    with multiprocessing.Pool(processes=1) as pool:
        try:
            pool.map_async(inner_pool, [4]).get(timeout=30)
        except AssertionError as error:
            print(f"Pool worker starting a pool: {type(error).__name__}: {error}")
        pool.close()  # let the worker exit normally, so it cleans up after itself
        pool.join()
    with ProcessPoolExecutor(max_workers=1) as pool:
        print("executor worker starting a pool:", pool.submit(inner_executor, 4).result(timeout=30))
