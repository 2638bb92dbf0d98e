import queue
import threading
from multiprocessing import Process, Queue


def tweak(inbox, outbox):
    config = inbox.get(timeout=10)
    config["lr"] = 0.5  # change what came out of the queue
    outbox.put(config)


def round_trip(inbox, outbox, worker):
    config = {"lr": 0.1}
    worker.start()
    try:
        inbox.put(config)
        returned = outbox.get(timeout=10)  # get before join
    finally:
        worker.join(timeout=10)
        if worker.is_alive() and isinstance(worker, Process):
            worker.terminate()
            worker.join(timeout=5)
    return f"same object: {returned is config}, parent's lr: {config['lr']}"


if __name__ == "__main__":
    # Between threads, a queue.Queue hands over the object itself.
    inbox, outbox = queue.Queue(), queue.Queue()
    worker = threading.Thread(target=tweak, args=(inbox, outbox))
    print("thread,  queue.Queue:          ", round_trip(inbox, outbox, worker))

    # Between processes, a multiprocessing.Queue pickles what you put, and
    # get() unpickles a new object: a copy.
    inbox, outbox = Queue(), Queue()
    worker = Process(target=tweak, args=(inbox, outbox))
    try:
        print("process, multiprocessing.Queue:", round_trip(inbox, outbox, worker))
    finally:
        for q in (inbox, outbox):
            q.close()  # no more puts from this process
            q.join_thread()  # wait for its feeder thread to flush
