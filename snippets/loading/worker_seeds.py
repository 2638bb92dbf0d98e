"""A NumPy Generator made in the Dataset's __init__ is copied into every
worker with the same state, so the workers draw the same "random"
augmentations. Seeding each worker's generator from its PyTorch seed
(get_worker_info().seed) in worker_init_fn fixes it. One loader shows
both: each sample draws from the copied generator and from the seeded one."""

import threading

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class RandomCrops(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng()  # one generator, copied to every worker
        self.seeded_rng = None  # made in each worker by seed_worker

    def __len__(self):
        return 8

    def __getitem__(self, index):
        copied = int(self.rng.integers(0, 2**31))  # e.g. where to crop
        seeded = int(self.seeded_rng.integers(0, 2**31))
        return torch.tensor([index, copied, seeded])


def seed_worker(worker_id):
    info = get_worker_info()  # in the worker: its id, its seed, its copy of the dataset
    info.dataset.seeded_rng = np.random.default_rng(info.seed)


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    loader = DataLoader(RandomCrops(), batch_size=1, num_workers=2, timeout=60,
                        worker_init_fn=seed_worker)
    samples = torch.cat(list(loader)).tolist()
    if [index for index, _, _ in samples] != list(range(8)):  # in order, none lost or repeated
        raise RuntimeError("the loader lost, repeated or reordered items")
    # Worker 0 loads items 0, 2, 4, 6 and worker 1 loads 1, 3, 5, 7, in that order.
    for column, name in ((1, "generator made in __init__"), (2, "generator seeded in worker_init_fn")):
        worker_0 = [sample[column] for sample in samples[0::2]]
        worker_1 = [sample[column] for sample in samples[1::2]]
        print(f"{name}: both workers drew the same offsets:",
              "yes" if worker_0 == worker_1 else "no")
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
