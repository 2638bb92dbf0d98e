"""Load a model once per worker process with an initializer, and replace
each worker after a few tasks with maxtasksperchild."""

import multiprocessing
import os

model = None  # each worker process has its own
tasks_done = 0


def load_model(name):
    global model
    model = {"name": name, "pid": os.getpid()}  # stands for an expensive load


def predict(x):
    global tasks_done
    tasks_done += 1
    return x * 10, os.getpid(), model["pid"] == os.getpid(), tasks_done


if __name__ == "__main__":
    inputs = list(range(8))
    with multiprocessing.Pool(processes=2, initializer=load_model, initargs=("tiny",),
                              maxtasksperchild=2) as pool:
        # chunksize=1: maxtasksperchild counts chunks, not items
        results = pool.map_async(predict, inputs, chunksize=1).get(timeout=30)
        pool.close()
        pool.join()
    outputs = [output for output, _, _, _ in results]
    pids = {pid for _, pid, _, _ in results}
    print(f"items in: {len(inputs)}, out: {len(outputs)}")
    print("outputs:", outputs)
    print("every task used a model loaded in its own process:",
          all(own for _, _, own, _ in results))
    print("no worker ran more than 2 tasks:", max(done for _, _, _, done in results) <= 2)
    print("worker processes used, at least 8 / 2:", len(pids) >= 4)
