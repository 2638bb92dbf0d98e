"""A dataset that holds millions of Python objects costs each worker about
a copy of them (one worker per loader here, to keep the listing quick): under fork, reading an object writes its reference count,
and the page that holds it is copied; under spawn and forkserver, the
dataset is pickled to each worker anyway. A NumPy array memory-mapped from
a file, opened in the worker, stays shared under every start method."""

import os
import tempfile
import threading

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

# Output varies: memory sizes depend on the machine, and may repeat exactly.
N = 1_000_000  # values in the dataset
ITEMS = 8  # items per epoch; each one reads every ITEMS-th value


def private_mib():
    """Memory only this process uses and has written to: Private_Dirty."""
    with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024  # kB -> MiB
    raise RuntimeError("no Private_Dirty line in /proc/self/smaps_rollup")


class PythonFloats(Dataset):
    def __init__(self):
        self.values = [float(i) for i in range(N)]  # N Python objects

    def __len__(self):
        return ITEMS

    def __getitem__(self, index):
        total = sum(self.values[index::ITEMS])  # touches objects all over the list
        return torch.tensor([total, private_mib()], dtype=torch.float64)


class MappedArray(Dataset):
    def __init__(self, path):
        self.path = path
        self.values = None  # opened in the worker, on first use: never pickled

    def __len__(self):
        return ITEMS

    def __getitem__(self, index):
        if self.values is None:
            self.values = np.load(self.path, mmap_mode="r")
        total = float(self.values[index::ITEMS].sum())
        return torch.tensor([total, private_mib()], dtype=torch.float64)


def worker_private_mib(dataset):
    """The worker's private memory after it has read every item."""
    loader = DataLoader(dataset, batch_size=1, num_workers=1, timeout=60)
    rows = torch.cat(list(loader))
    if rows[:, 0].sum().item() != N * (N - 1) / 2:  # every value was read once
        raise RuntimeError("the loader lost or repeated values")
    return rows[-1, 1].item()  # what the worker reported with its last item


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    dataset_mib = N * (8 + 24) / 2**20  # a list slot and a float object per value
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "values.npy")
        np.save(path, np.arange(N, dtype=np.float64))
        objects = worker_private_mib(PythonFloats())
        mapped = worker_private_mib(MappedArray(path))
    print(f"worker reading a Python list of floats: {objects:.1f} MiB private")
    print(f"worker reading a NumPy memmap:          {mapped:.1f} MiB private")
    print(f"the list costs the worker at least half its {dataset_mib:.0f} MiB more:",
          "yes" if objects - mapped > dataset_mib / 2 else "no")
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
