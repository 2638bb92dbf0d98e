"""Threads inside a Dataset: __getitems__ receives a whole batch of indices,
and reads the batch's files in a thread pool, so that the waits for slow
storage overlap. With num_workers=2, each worker process runs its own
pool."""

import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import torch
from torch.utils.data import DataLoader, Dataset

FILES = 16


class Shards(Dataset):
    def __init__(self, folder):
        self.paths = [os.path.join(folder, f"shard-{i:02}.txt") for i in range(FILES)]

    def __len__(self):
        return len(self.paths)

    def read(self, index):
        time.sleep(0.02)  # the wait of a network file system or object store
        with open(self.paths[index], encoding="ascii") as shard:
            return torch.tensor([int(shard.read())])

    def __getitem__(self, index):  # one sample: used when not batching
        return self.read(index)

    def __getitems__(self, indices):  # a whole batch: the DataLoader calls this
        with ThreadPoolExecutor(max_workers=4) as pool:  # joined when the batch is read
            return list(pool.map(self.read, indices, timeout=30))  # in the order asked


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    with tempfile.TemporaryDirectory() as folder:
        for i in range(FILES):
            with open(os.path.join(folder, f"shard-{i:02}.txt"), "w", encoding="ascii") as shard:
                shard.write(str(i * 10))
        loader = DataLoader(Shards(folder), batch_size=4, num_workers=2, timeout=60)
        batches = [batch.flatten().tolist() for batch in loader]
    for batch in batches:
        print(batch)
    values = [value for batch in batches for value in batch]
    print("every file read once:", sorted(values) == [i * 10 for i in range(FILES)])
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
