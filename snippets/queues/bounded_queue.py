import queue
import threading
import time


def producer(q, produced, stop):
    for item in range(6):
        while True:
            try:
                q.put(item, timeout=0.05)  # blocks while the queue is full
                break
            except queue.Full:
                if stop.is_set():  # the consumer has given up: stop too
                    return
        produced.append(item)


def main():
    q = queue.Queue(maxsize=2)  # at most 2 items wait in the queue
    produced, consumed = [], []
    stop = threading.Event()
    thread = threading.Thread(target=producer, args=(q, produced, stop))
    thread.start()
    try:
        time.sleep(0.2)  # nobody consumes yet
        print("produced while nobody consumed:", len(produced))
        print("queue full:", q.full(), "- producer waiting in put():", thread.is_alive())
        for _ in range(6):
            consumed.append(q.get(timeout=5))  # each get() lets the producer put one more
    finally:
        stop.set()
        thread.join(timeout=5)
    print("produced:", produced)
    print("consumed:", consumed)
    print("producer finished:", not thread.is_alive())


if __name__ == "__main__":
    main()
