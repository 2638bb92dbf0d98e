"""With num_workers > 0, collate_fn runs in the worker processes: each
batch is made where its samples were loaded, and only the finished batch
travels to the training process."""

import os
import threading

import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Squares(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, index):
        return torch.tensor([index * index])


def collate_and_record(samples):  # at module level: spawn pickles it by name
    info = get_worker_info()  # None in the main process
    return {"data": torch.cat(samples), "pid": os.getpid(),
            "worker": None if info is None else info.id}


def collated_where(num_workers):
    loader = DataLoader(Squares(), batch_size=2, num_workers=num_workers,
                        collate_fn=collate_and_record, timeout=60 if num_workers else 0)
    batches = list(loader)  # the epoch ends, so the loader shuts its workers down
    items = torch.cat([batch["data"] for batch in batches]).tolist()
    if items != [i * i for i in range(8)]:  # nothing lost, nothing repeated
        raise RuntimeError(f"the loader returned {items}")
    here = sum(batch["pid"] == os.getpid() for batch in batches)
    workers = [batch["worker"] for batch in batches]
    return len(batches), here, workers


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    for num_workers in (0, 2):
        count, here, workers = collated_where(num_workers)
        print(f"num_workers={num_workers}: {count} batches, {here} collated in this process,"
              f" worker ids {workers}")
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
