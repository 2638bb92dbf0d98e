"""A bounded queue between a fast producer and a slow consumer, with
threads and with processes: the producer blocks in put() while the queue is
full, so it can only get maxsize items ahead, and every item arrives, once,
in order."""

import multiprocessing
import queue
import sys
import threading
import time

ITEMS, MAXSIZE = 200, 4
DONE = None


def produce(q):
    for item in range(ITEMS):
        q.put(item, timeout=30)
    q.put(DONE, timeout=30)


def consume(q, received):
    while (item := q.get(timeout=30)) is not DONE:
        time.sleep(0.002)  # the slow consumer
        received.append(item)


def with_threads():
    q = queue.Queue(maxsize=MAXSIZE)
    received, ahead, errors = [], [], []

    def producer():
        try:
            for item in range(ITEMS):
                q.put(item, timeout=30)
                ahead.append(item + 1 - len(received))  # put but not yet consumed
        except Exception as error:
            errors.append(error)
        finally:
            q.put(DONE, timeout=30)

    thread = threading.Thread(target=producer)
    thread.start()
    try:
        consume(q, received)
    finally:
        thread.join(timeout=30)
    print("threads: errors:", errors)
    # put() blocks at MAXSIZE waiting, and one more may sit in the consumer's hands
    print("threads: producer never more than maxsize + 1 ahead:", max(ahead) <= MAXSIZE + 1)
    print("threads: received all, in order:", received == list(range(ITEMS)))


def with_processes(method):
    context = multiprocessing.get_context(method)
    q = context.Queue(maxsize=MAXSIZE)
    producer = context.Process(target=produce, args=(q,))
    received = []
    producer.start()
    try:
        consume(q, received)
    finally:
        producer.join(timeout=30)
        if producer.is_alive():
            producer.terminate()
            producer.join()
    print("processes: producer exit code:", producer.exitcode)
    print("processes: received all, in order:", received == list(range(ITEMS)))


if __name__ == "__main__":
    with_threads()
    with_processes(sys.argv[1])
