"""Worker processes that use the GPU. Each worker picks its device in the
pool's initializer, and the parent does not touch CUDA before the pool has
started its workers: not even torch.cuda.is_available(), which initializes
the CUDA driver. A CUDA runtime initialized before a fork cannot be used in
the forked child. Under spawn the workers start from a fresh interpreter, and
under forkserver they are forked from a fresh server process, so there the
order does not matter; but the forkserver process may import this module, so
nothing at module level touches CUDA."""

import math
from concurrent.futures import ProcessPoolExecutor

import torch

DEVICE = None  # set in each worker by init_worker()


def init_worker(threads: int) -> None:
    global DEVICE
    torch.set_num_threads(threads)  # the worker's share of the cores
    DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_shard(shard: int) -> torch.Tensor:
    return torch.randn(10_000, generator=torch.Generator().manual_seed(shard))


def shard_sum(shard: int) -> tuple[int, float]:
    x = make_shard(shard).to(DEVICE)
    return shard, x.square().sum().item()  # .item() waits for the GPU


if __name__ == "__main__":
    shards = list(range(4))
    print("CUDA initialized in the parent before the pool:", torch.cuda.is_initialized())
    with ProcessPoolExecutor(max_workers=2, initializer=init_worker, initargs=(1,)) as pool:
        results = dict(pool.map(shard_sum, shards, timeout=60))
    print(f"shards in: {len(shards)}, results out: {len(results)}")
    for shard in shards:
        expected = make_shard(shard).square().sum().item()  # on the CPU, in the parent
        print(f"shard {shard}: matches the CPU:", math.isclose(results[shard], expected, rel_tol=1e-4))
