import threading


def load_shard(shard):
    raise OSError(f"shard {shard}: disk not mounted")


def main():
    failures = []  # (thread name, exception type, message), as plain strings

    def record(args):  # called in the failing thread instead of printing
        # Keep strings, not args.exc_value: the threading documentation warns
        # that storing the exception object creates a reference cycle.
        name = args.thread.name if args.thread else "unknown thread"
        failures.append((name, args.exc_type.__name__, str(args.exc_value)))

    # threading.excepthook is global: it applies to every thread in the
    # program. Replace it only around this work, and put the old one back.
    previous_hook = threading.excepthook
    threading.excepthook = record
    try:
        worker = threading.Thread(target=load_shard, args=(3,), name="loader-3")
        worker.start()
        worker.join(timeout=5)
    finally:
        threading.excepthook = previous_hook
    if worker.is_alive():
        raise TimeoutError(f"{worker.name} did not finish in 5 s")
    print("join() returned normally; is_alive():", worker.is_alive())

    # Nothing told the main thread: it has to look. Real code would stop
    # here (raise RuntimeError(...)); a thread pool's futures do this for you.
    for name, kind, message in failures:
        print(f"{name} failed: {kind}: {message}")


if __name__ == "__main__":
    main()
