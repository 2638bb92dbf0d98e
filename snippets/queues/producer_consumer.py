import queue
import time
from concurrent.futures import ThreadPoolExecutor

DONE = object()  # the sentinel: no real item is this object
CONSUMERS = 2


def producer(q, items):
    for item in items:
        time.sleep(0.01)  # making an item takes a moment: the queue runs empty
        q.put(item)
    for _ in range(CONSUMERS):
        q.put(DONE)  # one sentinel per consumer: each one stops at its own


def consumer(q):
    consumed = []
    while True:
        # An empty queue is not the end: wait for the next item (or the
        # sentinel). The timeout turns a dead producer into queue.Empty.
        item = q.get(timeout=5)
        if item is DONE:
            return consumed
        consumed.append(item * 10)


def main():
    q = queue.Queue()
    items = list(range(5))
    with ThreadPoolExecutor(max_workers=1 + CONSUMERS) as pool:
        producing = pool.submit(producer, q, items)
        consuming = [pool.submit(consumer, q) for _ in range(CONSUMERS)]
        producing.result(timeout=10)  # re-raises what the producer raised
        results = sorted(value for future in consuming for value in future.result(timeout=10))
    # The with block has joined the threads; print from here, in a fixed order.
    print("produced:", len(items), items)
    print("consumed:", len(results), results)
    print("lost:", len(items) - len(results))


if __name__ == "__main__":
    main()
