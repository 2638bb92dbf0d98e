from multiprocessing import Process, shared_memory

import numpy as np

SHAPE, DTYPE = (2, 4), np.float64  # one row per worker


def fill_row(name, row):
    block = shared_memory.SharedMemory(name=name)  # attach to the parent's block
    batch = None
    try:
        batch = np.ndarray(SHAPE, dtype=DTYPE, buffer=block.buf)  # a view, no copy
        batch[row] = np.arange(SHAPE[1]) * (row + 1)  # written in place
    finally:
        del batch  # no view may outlive close()
        block.close()  # every process closes its own handle


def main():
    size = int(np.prod(SHAPE)) * np.dtype(DTYPE).itemsize
    block = shared_memory.SharedMemory(create=True, size=size)
    batch = None
    workers = [Process(target=fill_row, args=(block.name, row)) for row in range(SHAPE[0])]
    try:
        batch = np.ndarray(SHAPE, dtype=DTYPE, buffer=block.buf)
        batch[:] = 0
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=30)
        if any(w.exitcode != 0 for w in workers):
            raise RuntimeError(f"workers failed: {[w.exitcode for w in workers]}")
        result = batch.copy()  # keep the data once the block is gone
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
                w.join(timeout=5)
        del batch
        block.close()
        block.unlink()  # once, by the process that created it
    print(result.tolist())


if __name__ == "__main__":
    main()
