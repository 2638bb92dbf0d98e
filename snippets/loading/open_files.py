"""Keeping the batches a DataLoader returns keeps their shared memory open:
under the default sharing strategy on Linux, file_descriptor, each one
holds a file descriptor in the training process. With a low limit on open
files (lowered here, to hit it quickly), the loader fails. A copy made
with clone() lives in ordinary memory and holds no descriptor."""

import resource
import threading

import torch
from torch.utils.data import DataLoader, Dataset

FILES_ALLOWED = 32  # a low limit, so that it is reached within a few dozen batches
ROWS = 80  # 40 batches: more kept batches than files allowed


class Rows(Dataset):
    def __len__(self):
        return ROWS

    def __getitem__(self, index):
        return torch.full((4,), index)


def keep_every_batch(copy):
    loader = DataLoader(Rows(), batch_size=2, num_workers=1, timeout=60)
    kept = []
    batches = iter(loader)  # starts the worker, under the usual limit
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILES_ALLOWED, hard))
    try:
        for batch in batches:
            kept.append(batch.clone() if copy else batch)
    except RuntimeError as error:
        return f"{type(error).__name__}: {error}"
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        del batches  # shuts the workers down, if the epoch did not end
    rows = torch.cat(kept)[:, 0].tolist()
    if rows != list(range(ROWS)):  # nothing lost, nothing repeated
        raise RuntimeError("the loader lost or repeated rows")
    return f"kept all {len(kept)} batches"


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    print("batches kept as they came:", keep_every_batch(copy=False))
    print("batches kept as clones:   ", keep_every_batch(copy=True))
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
