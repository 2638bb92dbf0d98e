import threading

local = threading.local()  # each thread sees its own attributes on it
lock = threading.Lock()
created = []


def session():
    """This thread's connection to the feature store, made on first use."""
    if not hasattr(local, "session"):
        local.session = f"session of {threading.current_thread().name}"
        with lock:
            created.append(local.session)
    return local.session


def fetch(items, rows, errors):
    try:
        for item in items:
            rows[item] = session()  # no lock needed: the session is this thread's
    except Exception as error:  # hand it to the main thread
        errors.append(error)


def main():
    rows, errors = {}, []
    loaders = [threading.Thread(target=fetch, args=(range(i, 9, 3), rows, errors),
                                name=f"loader-{i}")
               for i in range(3)]
    for loader in loaders:
        loader.start()
    for loader in loaders:
        loader.join(timeout=10)
    if any(loader.is_alive() for loader in loaders):
        raise TimeoutError("a loader did not finish in 10 s")
    if errors:
        raise RuntimeError(f"a loader failed: {errors}")
    for item in sorted(rows):
        print(f"item {item}: {rows[item]}")
    print("sessions made:", len(created), "for", len(rows), "items")
    print("main thread has one:", hasattr(local, "session"))


if __name__ == "__main__":
    main()
