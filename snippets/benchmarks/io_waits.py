"""I/O-bound work: N waits of about 50 ms, one after the other, in threads,
in asyncio and in processes. The ideal is N times faster: all waits overlap.
The pools are started before the clock starts, as in a long-running
program; what starting them costs is measured in start_methods.py."""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack

from timing import Benchmark, sizes

# Output varies: sizes depend on BENCH_MODE.
WAITS = sizes(tiny=8, quick=32, full=32)
WAIT = sizes(tiny=0.005, quick=0.05, full=0.05)  # seconds; stands in for a network call


def fetch(i):
    time.sleep(WAIT)
    return i


async def fetch_async(i):
    await asyncio.sleep(WAIT)
    return i


def sequential():
    return [fetch(i) for i in range(WAITS)]


def in_pool(pool):
    return lambda: list(pool.map(fetch, range(WAITS), timeout=60))


def in_asyncio():
    async def main():
        return await asyncio.wait_for(
            asyncio.gather(*(fetch_async(i) for i in range(WAITS))), timeout=60)
    return asyncio.run(main())


def main():
    bench = Benchmark("io_waits", f"{WAITS} waits of {WAIT * 1000:g} ms",
                      rounds=sizes(tiny=1, quick=3, full=7))
    with ExitStack() as pools:  # every pool stays open for all the rounds
        threads = pools.enter_context(ThreadPoolExecutor(max_workers=WAITS))
        processes = pools.enter_context(ProcessPoolExecutor(max_workers=WAITS))
        variants = [
            ("sequential", sequential, dict(baseline=True)),
            ("threads", in_pool(threads), dict(workers=WAITS, ideal=WAITS, recommended=True)),
            ("asyncio", in_asyncio, dict(workers=1, ideal=WAITS)),
            ("processes", in_pool(processes), dict(workers=WAITS, ideal=WAITS)),
        ]
        for name, job, how in variants:
            assert job() == list(range(WAITS)), f"{name} lost or reordered results"
            bench.add(name, job, **how)
        bench.run()
    bench.report()


if __name__ == "__main__":
    main()
