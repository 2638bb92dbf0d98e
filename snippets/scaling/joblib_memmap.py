import numpy as np
from joblib import Parallel, delayed


def center_in_place(features, column):
    """Subtract one column's mean, in place."""
    features[:, column] = features[:, column] - features[:, column].mean()
    return round(float(features[:, column].std()))


def center_a_copy(features, column):
    features = np.array(features)  # a private, writable copy in the worker
    return center_in_place(features, column)


def what_arrives(features):
    return type(features).__name__, "writeable" if features.flags.writeable else "read-only"


if __name__ == "__main__":
    features = np.arange(400_000, dtype=np.float64).reshape(100_000, 4)
    print(f"array: {features.nbytes / 1e6:.1f} MB, above joblib's default max_nbytes='1M'")

    with Parallel(n_jobs=2, timeout=60) as parallel:  # the loky backend: two worker processes
        print("a worker receives:", parallel([delayed(what_arrives)(features)])[0])
        try:
            parallel(delayed(center_in_place)(features, c) for c in range(4))
        except ValueError as error:  # raised in a worker, re-raised here
            print(f"in place: ValueError: {error}")
        print("fix 1, copy in the worker:",
              parallel(delayed(center_a_copy)(features, c) for c in range(4)))

    # Fix 2: no memmapping; every task pickles the whole array to its worker.
    with Parallel(n_jobs=2, timeout=60, max_nbytes=None) as parallel:
        print("fix 2, max_nbytes=None:", parallel([delayed(what_arrives)(features)])[0],
              parallel(delayed(center_in_place)(features, c) for c in range(4)))

    # Fix 3: copy-on-write memmap; a worker's writes stay in that worker.
    with Parallel(n_jobs=2, timeout=60, mmap_mode="c") as parallel:
        print("fix 3, mmap_mode='c':", parallel([delayed(what_arrives)(features)])[0],
              parallel(delayed(center_in_place)(features, c) for c in range(4)))

    unchanged = np.array_equal(features, np.arange(400_000).reshape(100_000, 4))
    print("the parent's array is unchanged:", unchanged)
