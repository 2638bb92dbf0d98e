"""The 001 listing, fixed: the pool is created under the __main__ guard, so
a spawn or forkserver child that imports this module does not create one;
the results come back in input order and are printed by the parent."""

import time
from concurrent.futures import ProcessPoolExecutor


def train_model_part(part_id):
    time.sleep(0.05)  # stands for the work on one independent part
    return f"Part {part_id} trained."


if __name__ == "__main__":
    parts = range(10)
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(train_model_part, parts, timeout=60))
    for result in results:
        print(result)
    print(f"parts in: {len(parts)}, results out: {len(results)}")
