"""PyTorch DataLoader throughput against num_workers, with a transform that
keeps the CPU busy in Python (as image decoding and augmentation do). With
num_workers=0 the training process does all the work itself; each worker is
a separate process, so the ideal is min(cores, num_workers) times faster.
Workers are persistent: the warm-up epoch starts them, the timed epochs
reuse them, as in training over many epochs."""

import threading
import warnings

import torch
from torch.utils.data import DataLoader, Dataset

from timing import Benchmark, sizes, usable_cores

# Output varies: sizes depend on BENCH_MODE, ideals on the cores.
ITEMS = sizes(tiny=32, quick=256, full=1024)
WORK = sizes(tiny=2_000, quick=40_000, full=80_000)  # Python loop steps per item


class Noisy(Dataset):
    def __len__(self):
        return ITEMS

    def __getitem__(self, index):
        total = index
        for i in range(WORK):  # the "transform": pure Python, holds the GIL
            total = (total * 31 + i) % 1_000_003
        return torch.tensor([index, total], dtype=torch.int64)


def epoch(loader):
    def run():
        seen = torch.cat([batch[:, 0] for batch in loader])
        if sorted(seen.tolist()) != list(range(ITEMS)):  # nothing lost or repeated
            raise RuntimeError("the loader lost or repeated items")
    return run


def measure(cores):
    """Every loader lives in here: when this returns, the last reference to
    each goes, and deleting a loader shuts its worker processes down."""
    bench = Benchmark("dataloader", f"{ITEMS} items through a CPU-heavy transform",
                      rounds=sizes(tiny=1, quick=7, full=9))
    with warnings.catch_warnings():
        # More workers than cores is what this measures; don't warn about it.
        warnings.filterwarnings("ignore", message="This DataLoader will create")
        for workers in (0, 1, 2, 4):
            loader = DataLoader(Noisy(), batch_size=16, num_workers=workers,
                                persistent_workers=workers > 0,
                                timeout=60 if workers else 0)
            bench.add(f"num_workers={workers}", epoch(loader), workers=max(workers, 1),
                      ideal=min(cores, max(workers, 1)), baseline=(workers == 0),
                      recommended=(workers == min(cores, 4)))
        bench.run()
    bench.report()


def main():
    torch.set_num_threads(1)
    threads_before = set(threading.enumerate())
    measure(usable_cores())
    # Shutting the workers down closes the loaders' queues without waiting for
    # their feeder threads, which finish in the background. Wait for them: a
    # feeder thread still releasing a queue's semaphore when the interpreter
    # exits never tells the resource tracker, which then reports it leaked.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")


if __name__ == "__main__":
    main()
