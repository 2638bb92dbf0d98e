from concurrent.futures import ThreadPoolExecutor

import numpy as np

ROWS, FEATURES, CHUNKS = 200_000, 16, 4


def load_data():
    rng = np.random.default_rng(0)  # stands in for reading a file
    return rng.lognormal(size=(ROWS, FEATURES))


def split_data(data, parts):
    return np.array_split(data, parts)  # views: no copy


def preprocess_data(chunk, mean, std):
    # Whole-array NumPy operations: each one runs in C and releases the GIL,
    # so several chunks really are processed at the same time.
    scaled = (np.log1p(chunk) - mean) / std
    return np.clip(scaled, -3.0, 3.0)


def main():
    data = load_data()
    # Statistics of the whole data set, computed once: per-chunk statistics
    # would scale each chunk differently.
    logs = np.log1p(data)
    mean, std = logs.mean(axis=0), logs.std(axis=0)

    chunks = split_data(data, CHUNKS)
    with ThreadPoolExecutor(max_workers=CHUNKS) as pool:
        # map() returns the results in the order of the chunks, and re-raises
        # here any exception a chunk raised.
        processed = list(pool.map(preprocess_data, chunks,
                                  [mean] * CHUNKS, [std] * CHUNKS, timeout=60))
    result = np.concatenate(processed)

    print(f"chunks: {len(chunks)} in, {len(processed)} out")
    print(f"rows: {sum(len(c) for c in chunks)} in, {len(result)} out")
    print("same as one pass over all rows:",
          np.array_equal(result, preprocess_data(data, mean, std)))
    print(f"feature means after scaling, all near 0: {bool(np.all(np.abs(result.mean(axis=0)) < 0.05))}")


if __name__ == "__main__":
    main()
