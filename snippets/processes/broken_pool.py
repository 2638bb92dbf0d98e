"""A worker killed mid-task (as the out-of-memory killer does) breaks the
whole ProcessPoolExecutor. Recover: a new pool, and resubmit what did not
finish."""

import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def preprocess(shard, attempt):
    if shard == 5 and attempt == 1:  # the first try at shard 5 "runs out of memory"
        os.kill(os.getpid(), signal.SIGKILL)
    return shard * shard


def run_round(shards, attempt, results):
    """Submit the shards; keep what finished; return what must be retried."""
    failed, broken = [], None
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {}
        for shard in shards:
            try:
                futures[shard] = pool.submit(preprocess, shard, attempt)
            except BrokenProcessPool as error:  # it broke while we were submitting
                failed.append(shard)
                broken = error
        for shard, future in futures.items():
            try:
                results[shard] = future.result(timeout=30)
            except BrokenProcessPool as error:
                failed.append(shard)
                broken = error
    if broken is not None:
        print(f"attempt {attempt}: {type(broken).__name__}: {broken}")
        print(f"attempt {attempt}: shard 5 among those to retry: {5 in failed}")
    return sorted(failed)


if __name__ == "__main__":
    shards = list(range(8))
    results = {}
    todo = shards
    for attempt in (1, 2, 3):
        todo = run_round(todo, attempt, results)
        if not todo:
            break
    else:
        raise SystemExit(f"shards still failing after 3 attempts: {todo}")
    print(f"shards in: {len(shards)}, results out: {len(results)}")
    print("results:", [results[shard] for shard in shards])
