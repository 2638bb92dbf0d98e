"""A NumPy Generator made in the Dataset's __init__ is copied into every
worker with the same state, so the workers draw the same "random"
augmentations. Seeding each worker's generator from its PyTorch seed
(get_worker_info().seed) in worker_init_fn fixes it."""

import threading

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class RandomCrops(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng()  # one generator, copied to every worker

    def __len__(self):
        return 8

    def __getitem__(self, index):
        offset = int(self.rng.integers(0, 1_000_000))  # e.g. where to crop
        return torch.tensor([index, offset])


def seed_worker(worker_id):
    info = get_worker_info()  # in the worker: its id, its seed, its copy of the dataset
    info.dataset.rng = np.random.default_rng(info.seed)


def offsets_by_worker(worker_init_fn=None):
    loader = DataLoader(RandomCrops(), batch_size=1, num_workers=2, timeout=60,
                        worker_init_fn=worker_init_fn)
    samples = torch.cat(list(loader))
    if sorted(samples[:, 0].tolist()) != list(range(8)):  # nothing lost or repeated
        raise RuntimeError("the loader lost or repeated items")
    # Worker 0 loads items 0, 2, 4, 6 and worker 1 loads 1, 3, 5, 7.
    by_index = dict(samples.tolist())
    return [by_index[i] for i in range(0, 8, 2)], [by_index[i] for i in range(1, 8, 2)]


def duplicates(first, second):
    return "yes" if set(first) & set(second) else "no"


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    print("generator made in __init__: duplicates across workers:",
          duplicates(*offsets_by_worker()))
    print("seeded in worker_init_fn:   duplicates across workers:",
          duplicates(*offsets_by_worker(seed_worker)))
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
