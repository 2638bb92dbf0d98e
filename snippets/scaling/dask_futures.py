import logging
import warnings

import joblib
import numpy as np
from dask.distributed import Client, LocalCluster, wait

TIMEOUT = 60  # seconds; no wait below may block forever


def score(weights, shard):
    """A stand-in for running a model on one shard of data."""
    return round(float(weights[:1000].sum()) + shard, 1)


def square(x):
    return x * x


def gather(client, futures):
    """client.gather has no timeout: wait for the futures first, with one."""
    wait(futures, timeout=TIMEOUT)  # raises TimeoutError instead of hanging
    return client.gather(futures)


def make_weights():
    return np.full(2_000_000, 0.5)  # 16 MB of float64, like a small model


def score_loading_inside(shard):
    return score(make_weights(), shard)  # built (or loaded from disk) in the worker


if __name__ == "__main__":
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None,  # no web dashboard (default :8787)
                           # The scheduler still serves health and metrics over HTTP:
                           # on a free loopback port, not on 8787.
                           scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           silence_logs=logging.ERROR)
    try:
        with Client(cluster) as client:
            print("workers:", len(client.scheduler_info(n_workers=-1)["workers"]))

            # Futures: submit one call, map many, gather the results.
            future = client.submit(square, 7)
            print("submit:", future.result(timeout=TIMEOUT))
            futures = client.map(square, range(8))
            print("map + gather:", gather(client, futures))

            # A big argument passed to every task travels with every task.
            weights = make_weights()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                futures = [client.submit(score, weights, shard) for shard in range(4)]
                results = gather(client, futures)
            print("passed with each task:", results)
            print(f"  {len(caught)} warnings; the first begins:",
                  str(caught[0].message).splitlines()[0] if caught else "-")

            # Fix 1: scatter it once; the tasks get a future that refers to it.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                remote_weights = client.scatter(weights)
                futures = [client.submit(score, remote_weights, shard) for shard in range(4)]
                print("scattered once:", gather(client, futures), "| warnings:", len(caught))

            # Fix 2: build or load it inside the task.
            futures = client.map(score_loading_inside, range(4))
            print("loaded in the task:", gather(client, futures))

            # joblib code runs on the same cluster through joblib's Dask backend.
            with joblib.parallel_config(backend="dask"):
                parallel = joblib.Parallel(timeout=TIMEOUT)
                print("joblib on Dask:", parallel(joblib.delayed(square)(x) for x in range(8)))
    finally:
        cluster.close()
