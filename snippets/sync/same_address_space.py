import threading


def main():
    seen_ids = []  # one list, created by the main thread
    config = {"learning_rate": 0.1}  # one dict, created by the main thread

    def worker():
        seen_ids.append(id(seen_ids))  # the list's identity, as this thread sees it
        config["learning_rate"] = 0.01  # change the main thread's dict in place

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=5)
    if thread.is_alive():
        raise TimeoutError("worker did not finish in 5 s")
    print("the thread appended to the main thread's list:", len(seen_ids) == 1)
    print("same object in both threads (same id):", seen_ids[0] == id(seen_ids))
    print("learning rate the main thread now sees:", config["learning_rate"])


if __name__ == "__main__":
    main()
