import torch
import torch.multiprocessing as mp


def fill_row(table, row):
    table[row] = torch.arange(4, dtype=torch.float32) * (row + 1)  # in place


if __name__ == "__main__":
    table = torch.zeros(2, 4)
    table.share_memory_()  # move its storage to shared memory
    print("is_shared():", table.is_shared())
    workers = [mp.Process(target=fill_row, args=(table, row)) for row in range(2)]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=60)
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
                w.join(timeout=5)
    if any(w.exitcode != 0 for w in workers):
        raise RuntimeError(f"workers failed: {[w.exitcode for w in workers]}")
    print(table.tolist())
