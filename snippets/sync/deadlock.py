import threading
from concurrent.futures import ThreadPoolExecutor

cache_lock = threading.Lock()
stats_lock = threading.Lock()
NAMES = {id(cache_lock): "cache_lock", id(stats_lock): "stats_lock"}


def update(first, second, overlap=None):
    """Take `first`, then `second`; give up (and release) if one is not free in time."""
    if not first.acquire(timeout=2):
        return f"gave up waiting for {NAMES[id(first)]}"
    try:
        if overlap:
            overlap.wait()  # both threads now hold their first lock
        got = second.acquire(timeout=0.2)
        try:
            if overlap:
                overlap.wait()  # both threads have tried for their second lock
            if not got:
                return (f"gave up waiting for {NAMES[id(second)]}: possible deadlock; "
                        f"released {NAMES[id(first)]}")
            return "updated the cache and the stats"
        finally:
            if got:
                second.release()
    finally:
        first.release()  # back off: let the other thread have it


def run(evict_order, report_order, overlap=None):
    with ThreadPoolExecutor(max_workers=2) as pool:  # both run at once
        evict = pool.submit(update, *evict_order, overlap)
        report = pool.submit(update, *report_order, overlap)
        return {"evict": evict.result(timeout=10), "report": report.result(timeout=10)}


def main():
    # Opposite orders; the barrier makes both threads hold their first lock
    # before either asks for its second, as an unlucky schedule would.
    results = run((cache_lock, stats_lock), (stats_lock, cache_lock),
                  overlap=threading.Barrier(2, timeout=5))
    for name in ("evict", "report"):
        print(f"opposite order, {name}: {results[name]}")
    # One order for everyone: cache_lock, then stats_lock.
    results = run((cache_lock, stats_lock), (cache_lock, stats_lock))
    for name in ("evict", "report"):
        print(f"same order, {name}: {results[name]}")


if __name__ == "__main__":
    main()
