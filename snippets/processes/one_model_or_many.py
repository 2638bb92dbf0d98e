"""Two ways to use a pool of processes for training on shards of the data.
Many models: each worker fits its own model on its own shard (the 002
article's pattern). One model: each worker computes the gradient of the
same model on its shard, the parent averages them and takes one step (what
PyTorch's DistributedDataParallel does across GPUs and machines)."""

import multiprocessing
import random

SHARDS = 2
shards = None  # each worker process makes its copy in the initializer


def make_shards():
    """y = 3x + 1 plus noise; shard k holds the points with x in [k, k+1)."""
    rng = random.Random(0)
    data = [(x, 3 * x + 1 + rng.gauss(0, 0.5)) for x in (rng.uniform(0, 2) for _ in range(400))]
    return [[(x, y) for x, y in data if k <= x < k + 1] for k in range(SHARDS)]


def load_shards():
    global shards
    shards = make_shards()


def fit_own_model(k):
    """Least squares on shard k alone: a model of its own."""
    points = shards[k]
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    w = (sum((x - mean_x) * (y - mean_y) for x, y in points)
         / sum((x - mean_x) ** 2 for x, _ in points))
    return w, mean_y - w * mean_x


def gradient_sum(args):
    """Sum over shard k of the squared error's gradient, at the given weights."""
    k, w, b = args
    gw = gb = 0.0
    for x, y in shards[k]:
        error = w * x + b - y
        gw += 2 * error * x
        gb += 2 * error
    return gw, gb, len(shards[k])


def train_one_model(step_gradients, steps=300, lr=0.2):
    w = b = 0.0
    for _ in range(steps):
        parts = step_gradients(w, b)
        n = sum(count for _, _, count in parts)
        w -= lr * sum(gw for gw, _, _ in parts) / n
        b -= lr * sum(gb for _, gb, _ in parts) / n
    return w, b


if __name__ == "__main__":
    load_shards()  # the parent's own copy, for the one-process check
    with multiprocessing.Pool(processes=SHARDS, initializer=load_shards) as pool:
        many = pool.map_async(fit_own_model, range(SHARDS)).get(timeout=30)
        one = train_one_model(lambda w, b: pool.map_async(
            gradient_sum, [(k, w, b) for k in range(SHARDS)]).get(timeout=30))
    alone = train_one_model(lambda w, b: [gradient_sum((k, w, b)) for k in range(SHARDS)])
    for k, (w, b) in enumerate(many):
        print(f"many models: shard {k} alone gives y = {w:.2f}x + {b:.2f}")
    print(f"one model:   both shards give   y = {one[0]:.2f}x + {one[1]:.2f}")
    # Same gradients, summed in the same order: the very same floats.
    print("one model equals training on all the data in one process:", one == alone)
