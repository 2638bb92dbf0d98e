import torch
import torch.multiprocessing as mp


def fill_rows(table):
    for row in range(table.shape[0]):
        table[row] = torch.arange(4, dtype=torch.float32) * (row + 1)  # in place


if __name__ == "__main__":
    table = torch.zeros(2, 4)
    table.share_memory_()  # move its storage to shared memory
    print("is_shared():", table.is_shared())
    # One worker: under spawn each worker imports torch afresh, which costs
    # far more than the work itself.
    worker = mp.Process(target=fill_rows, args=(table,))
    try:
        worker.start()
        worker.join(timeout=60)
    finally:
        if worker.is_alive():
            worker.terminate()
            worker.join(timeout=5)
    if worker.exitcode != 0:
        raise RuntimeError(f"worker failed: exit code {worker.exitcode}")
    print(table.tolist())
