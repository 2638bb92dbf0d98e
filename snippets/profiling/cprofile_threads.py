"""cProfile records only the thread it was enabled in (Python 3.11 and
earlier). Give each worker thread its own profiler, and merge them."""

import cProfile
import pstats
import sys
import threading


def tokenize(n):
    return sum(i * i for i in range(n))


def load_shards(shards, results):
    for shard in shards:
        results[shard] = tokenize(20_000 + shard)


def run_workers():
    """Two threads, two shards each; returns the four results in shard order."""
    results = [None] * 4
    threads = [threading.Thread(target=load_shards, args=(shards, results))
               for shards in ([0, 1], [2, 3])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        if thread.is_alive():
            raise RuntimeError(f"{thread.name} did not finish")
    if None in results:  # a worker raised: threading.excepthook printed it
        raise RuntimeError(f"shards not loaded: {[i for i, r in enumerate(results) if r is None]}")
    return results


def calls(stats, name):
    """How many calls to functions of this name the stats recorded."""
    return sum(nc for (_, _, func), (_, nc, _, _, _) in stats.stats.items() if func == name)


def show(title, stats, results):
    print(title)
    for name in ("run_workers", "load_shards", "tokenize"):
        count = calls(stats, name)
        print(f"  {name}: {count} call{'s' if count != 1 else ''}" if count else f"  {name}: missing")
    print(f"  results: {sum(r is not None for r in results)} of 4")


thread_profilers = []
thread_profilers_lock = threading.Lock()


def start_thread_profiler(frame, event, arg):
    """threading.setprofile() runs this in each new thread, before run():
    it hands the thread to a profiler of its own."""
    profiler = cProfile.Profile()
    with thread_profilers_lock:
        thread_profilers.append(profiler)
    profiler.enable()  # replaces this function for the rest of the thread


def profile_every_thread(work):
    """Run work() with the calling thread and every thread it starts profiled."""
    main_profiler = cProfile.Profile()
    if sys.version_info >= (3, 12):
        # cProfile is built on sys.monitoring here: one profiler sees every
        # thread, and a second one enabled at the same time raises ValueError.
        main_profiler.enable()
        try:
            result = work()
        finally:
            main_profiler.disable()
        return result, pstats.Stats(main_profiler)
    threading.setprofile(start_thread_profiler)  # threads started from now on
    main_profiler.enable()
    try:
        result = work()
    finally:
        main_profiler.disable()
        threading.setprofile(None)
    stats = pstats.Stats(main_profiler)
    with thread_profilers_lock:
        for profiler in thread_profilers:  # their threads have been joined
            stats.add(profiler)
        thread_profilers.clear()
    return result, stats


if __name__ == "__main__":
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        results = run_workers()
    finally:
        profiler.disable()
    show("cProfile enabled in the main thread:", pstats.Stats(profiler), results)

    results, stats = profile_every_thread(run_workers)
    show("one profiler per thread, merged:", stats, results)
    stats.sort_stats("cumulative")  # then stats.print_stats(10), or dump_stats(path)
