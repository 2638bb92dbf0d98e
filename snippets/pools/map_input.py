import collections
import itertools
from concurrent.futures import ThreadPoolExecutor

N = 10_000  # stands in for a stream too long to hold: file lines, URLs, ...


def records(n, pulled):
    """A lazy input that counts how many items have been taken from it."""
    for i in range(n):
        pulled[0] += 1
        yield i


def square(x):
    return x * x


def bounded_map(pool, fn, items, window, timeout):
    """Like pool.map(fn, items): results in input order, but at most `window`
    calls submitted and not yet read, so the input is read as it is used."""
    items = iter(items)
    pending = collections.deque(pool.submit(fn, item)
                                for item in itertools.islice(items, window))
    try:
        while pending:
            yield pending.popleft().result(timeout=timeout)  # re-raises a failure
            for item in itertools.islice(items, 1):  # refill the window
                pending.append(pool.submit(fn, item))
    finally:
        for future in pending:  # the caller stopped early, or a call failed
            future.cancel()


def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        pulled = [0]
        results = pool.map(square, records(N, pulled), timeout=30)
        print(f"map(): items pulled before the first result was read: {pulled[0]} of {N}")
        total = sum(results)
        print(f"  sum of the results: {total}")

        pulled = [0]
        results = bounded_map(pool, square, records(N, pulled), window=8, timeout=30)
        first = next(results)
        print(f"bounded_map(window=8): items pulled when the first result arrived: {pulled[0]}")
        total = first + sum(results)
        print(f"  sum of the results: {total}, items pulled in all: {pulled[0]}")


if __name__ == "__main__":
    main()
