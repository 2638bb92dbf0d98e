import multiprocessing
import time


def parse(source_id, sender):
    """Stands for a call into a C library that takes no timeout and cannot be
    interrupted by other threads: for source 1, it never returns."""
    if source_id == 1:
        time.sleep(3600)
    sender.send(f"parsed-{source_id}")
    sender.close()


def parse_in_process(source_id, deadline):
    """Run parse() in its own process, and end that process if it overruns."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    worker = multiprocessing.Process(target=parse, args=(source_id, sender))
    worker.start()
    sender.close()  # only the child writes to the pipe
    try:
        if receiver.poll(deadline):  # True once a result has arrived
            result = receiver.recv()
            worker.join(timeout=5)
        else:
            result = f"nothing after {deadline} s"
    finally:
        # A process, unlike a thread, can be stopped from outside. This also
        # runs if anything above raised, so no child is ever left behind.
        if worker.is_alive():
            worker.terminate()  # SIGTERM on POSIX
        worker.join(timeout=5)
        receiver.close()
    return result, worker.exitcode


def main():
    for source_id in (0, 1):
        result, exitcode = parse_in_process(source_id, deadline=2)
        print(f"source {source_id}: {result}; exit code {exitcode}")


if __name__ == "__main__":
    main()
