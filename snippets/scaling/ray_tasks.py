import logging
import os

import ray


@ray.remote  # a task: runs in one of Ray's worker processes, 1 CPU by default
def count_tokens(text):
    return len(text.split())


@ray.remote
class RunningMean:
    """An actor: a worker process that keeps its state between calls."""

    def __init__(self):
        self.total, self.count = 0.0, 0

    def add(self, value):
        self.total += value
        self.count += 1
        return self.total / self.count


@ray.remote(max_calls=1)  # a fresh worker process for each call: see the text
def torch_threads():
    import torch  # imported here, after Ray has set OMP_NUM_THREADS for this task

    return os.environ.get("OMP_NUM_THREADS"), torch.get_num_threads()


if __name__ == "__main__":
    os.environ.pop("OMP_NUM_THREADS", None)  # a value set here, Ray would keep
    ray.init(num_cpus=2,               # schedule at most 2 CPUs' worth of tasks
             include_dashboard=False,  # no web dashboard
             log_to_driver=False,      # workers' output stays in Ray's log files
             logging_level=logging.ERROR)  # no INFO/WARNING lines on stderr
    try:
        print("CPUs Ray schedules:", ray.cluster_resources()["CPU"])

        texts = ["the cat sat", "on the mat", "a b c d e"]
        refs = [count_tokens.remote(text) for text in texts]  # returns at once
        print("tasks:", ray.get(refs, timeout=60))  # waits for the results

        mean = RunningMean.remote()
        # Calls from one caller to one actor run one at a time, in order.
        print("actor:", ray.get([mean.add.remote(v) for v in (2.0, 4.0, 9.0)], timeout=60))

        env, threads = ray.get(torch_threads.remote(), timeout=120)
        print(f"default (1 CPU): OMP_NUM_THREADS={env}, torch.get_num_threads()={threads}")
        env, threads = ray.get(torch_threads.options(num_cpus=2).remote(), timeout=120)
        print(f"num_cpus=2:      OMP_NUM_THREADS={env}, torch.get_num_threads()={threads}")
    finally:
        ray.shutdown()
