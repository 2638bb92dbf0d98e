"""A lambda given as collate_fn works under fork, where the workers are
copies of the parent, and fails under spawn and forkserver, where it must
be pickled to each worker. A function at module level, or functools.partial
of one, is pickled by name and works under every start method."""
# This listing picks its own start methods

import functools
import pickle
import re
import threading
import warnings

import torch
from torch.utils.data import DataLoader, TensorDataset


def stack_column(samples, column):  # at module level: pickled by its name
    return torch.stack([sample[column] for sample in samples])


def first_epoch(method, collate_fn):
    loader = DataLoader(TensorDataset(torch.arange(6)), batch_size=3, num_workers=1,
                        collate_fn=collate_fn, multiprocessing_context=method, timeout=60)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            batches = [batch.tolist() for batch in loader]
        except (pickle.PicklingError, AttributeError) as error:  # raised as the worker starts
            message = re.sub(r"0x[0-9a-f]+", "0x...", str(error))  # the address varies
            result = f"{type(error).__module__}.{type(error).__name__}: {message}"
        else:
            result = f"{batches}"
    for warning in caught:  # PyTorch adds a warning with advice
        result += f"\n    and a {warning.category.__name__}: {str(warning.message).split('. ')[0]}"
    return result


if __name__ == "__main__":
    threads_before = set(threading.enumerate())
    as_lambda = lambda samples: torch.stack([sample[0] for sample in samples])  # noqa: E731
    fixed = functools.partial(stack_column, column=0)
    for method in ("fork", "spawn", "forkserver"):
        print(f"{method:10} lambda:  {first_epoch(method, as_lambda)}")
        print(f"{method:10} partial: {first_epoch(method, fixed)}")
    # A finished loader closes its queues without waiting for their feeder
    # threads; wait for them, so that none is still running at exit.
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(timeout=10)
        if thread.is_alive():
            raise RuntimeError(f"thread {thread.name} did not finish")
