import threading


def load_shard(shard):
    raise OSError(f"shard {shard}: disk not mounted")


def main():
    errors = []

    def record(args):  # called in the failing thread instead of printing
        errors.append(args.exc_value)

    threading.excepthook = record
    worker = threading.Thread(target=load_shard, args=(3,))
    worker.start()
    worker.join(timeout=5)
    print("join() returned normally; is_alive():", worker.is_alive())

    # Nothing told the main thread: it has to look. Real code would
    # re-raise here (raise errors[0]) instead of carrying on.
    for error in errors:
        print("worker failed:", repr(error))


if __name__ == "__main__":
    main()
