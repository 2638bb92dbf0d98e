import time
from concurrent.futures import ThreadPoolExecutor

WAIT = 0.2  # seconds; stands in for a network or disk read


def load_data_from_source(source_id):
    time.sleep(WAIT)
    return [source_id * 10 + k for k in range(3)]  # the "data"


def main():
    sources = range(5)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=5) as pool:
        # map() returns results in input order, whatever order threads finish
        # in, and re-raises here any exception a worker raised.
        datasets = list(pool.map(load_data_from_source, sources, timeout=10))
    elapsed = time.perf_counter() - start

    for source_id, data in zip(sources, datasets):
        print(f"source {source_id}: {data}")
    print(f"loaded {len(datasets)} sources in {elapsed:.2f} s "
          f"(one after the other: {len(sources) * WAIT:.2f} s)")


if __name__ == "__main__":
    main()
