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


def fetch(items, rows):
    for item in items:
        rows[item] = session()  # no lock needed: the session is this thread's


def main():
    rows = {}
    loaders = [threading.Thread(target=fetch, args=(range(i, 9, 3), rows), name=f"loader-{i}")
               for i in range(3)]
    for loader in loaders:
        loader.start()
    for loader in loaders:
        loader.join(timeout=10)
    if any(loader.is_alive() for loader in loaders):
        raise TimeoutError("a loader did not finish in 10 s")
    for item in sorted(rows):
        print(f"item {item}: {rows[item]}")
    print("sessions made:", len(created), "for", len(rows), "items")
    print("main thread has one:", hasattr(local, "session"))


if __name__ == "__main__":
    main()
