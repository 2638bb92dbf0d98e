import threading


def print_numbers():
    for i in range(1, 6):
        print(i)


def main():
    worker = threading.Thread(target=print_numbers, name="numbers")
    worker.start()  # run print_numbers() in a new thread; returns at once
    worker.join(timeout=5)  # wait at most 5 s; this does not stop the thread
    if worker.is_alive():  # join() returns None either way: ask the thread
        # Notice and report it. A stuck non-daemon thread still keeps the
        # process alive at exit: see "When a task never finishes".
        raise TimeoutError(f"{worker.name} did not finish in 5 s")
    print("worker finished")


if __name__ == "__main__":
    main()
