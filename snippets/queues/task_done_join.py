import queue
from concurrent.futures import ThreadPoolExecutor

DONE = object()  # the sentinel
ITEMS = ["cat", "bad", "dog"]


def decode(item):
    if item == "bad":
        raise ValueError(f"cannot decode {item!r}")
    return item.upper()


def careless_worker(q, results, errors):
    while True:
        item = q.get(timeout=1)
        if item is DONE:
            q.task_done()
            return
        results.append(decode(item))  # raises on "bad": the worker ends here,
        q.task_done()  # and never marks "bad" (nor anything after it) done


def careful_worker(q, results, errors):
    while True:
        item = q.get(timeout=1)
        try:
            if item is DONE:
                return
            results.append(decode(item))
        except Exception as exc:
            errors.append(f"{item!r}: {exc}")  # record it; go on with the next item
        finally:
            q.task_done()  # once for every get(), whatever happened to the item


def run(worker):
    q = queue.Queue()
    for item in ITEMS + [DONE]:
        q.put(item)
    results, errors = [], []
    with ThreadPoolExecutor(max_workers=1) as pool:
        died_of = pool.submit(worker, q, results, errors).exception(timeout=5)
    print(f"{worker.__name__}:")
    print("  worker died of:", repr(died_of))
    print("  results:", results, "errors:", errors)
    # unfinished_tasks is the count that join() waits on (an undocumented
    # attribute of queue.Queue, read here only to show it).
    print("  unfinished tasks:", q.unfinished_tasks)
    if q.unfinished_tasks == 0:
        q.join()  # returns at once: every get() had its task_done()
        print("  q.join() returned")
    else:
        print("  q.join() would wait for ever: no thread is left to call task_done()")


def main():
    run(careless_worker)
    run(careful_worker)


if __name__ == "__main__":
    main()
