"""A DataLoader with workers cannot run inside a multiprocessing.Pool
worker: Pool workers are daemonic, and a daemonic process may not start
children. Inside a ProcessPoolExecutor worker, which is not daemonic, it
can; and with num_workers=0 it starts no process at all."""

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

import torch
from torch.utils.data import DataLoader, TensorDataset


def epoch_total(num_workers):  # runs in a pool's worker process
    threads_before = set(threading.enumerate())
    loader = DataLoader(TensorDataset(torch.arange(8)), batch_size=4,
                        num_workers=num_workers, timeout=60 if num_workers else 0)
    total = sum(int(batch.sum()) for (batch,) in loader)
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them before the task returns.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
    return total


if __name__ == "__main__":
    with multiprocessing.Pool(processes=1) as pool:
        try:
            pool.apply_async(epoch_total, (1,)).get(timeout=60)
        except AssertionError as error:
            print(f"Pool worker, num_workers=1: {type(error).__name__}: {error}")
        print("Pool worker, num_workers=0:", pool.apply_async(epoch_total, (0,)).get(timeout=60))
        pool.close()  # let the worker exit normally, so that it cleans up after itself
        pool.join()
    with ProcessPoolExecutor(max_workers=1) as executor:
        print("ProcessPoolExecutor worker, num_workers=1:",
              executor.submit(epoch_total, 1).result(timeout=60))
