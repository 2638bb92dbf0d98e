from multiprocessing import Barrier, Process, Value

ROUNDS = 50


def unlocked(counter, in_step):
    for _ in range(ROUNDS):
        seen = counter.value  # what `counter.value += 1` does first: read
        in_step.wait()  # the unlucky schedule: the other process reads too
        counter.value = seen + 1  # then write: both write the same value
        in_step.wait()  # both have written before either reads again


def locked(counter, in_step):
    in_step.wait()  # start together, as above
    for _ in range(ROUNDS):
        with counter.get_lock():  # the read and the write under one lock
            counter.value += 1


def count(worker):
    counter = Value("i", 0)
    in_step = Barrier(2, timeout=10)
    workers = [Process(target=worker, args=(counter, in_step)) for _ in range(2)]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=30)
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
                w.join(timeout=5)
    if any(w.exitcode != 0 for w in workers):
        raise RuntimeError(f"workers failed: {[w.exitcode for w in workers]}")
    return counter.value


if __name__ == "__main__":
    increments = 2 * ROUNDS
    counted = count(unlocked)
    print(f"without the lock: {counted} of {increments} counted,",
          "lost updates:", "yes" if counted < increments else "no")
    print(f"with get_lock():  {count(locked)} of {increments} counted")
