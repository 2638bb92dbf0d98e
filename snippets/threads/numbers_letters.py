import threading
import time

STEP = 0.1  # seconds; stands in for a slow read from disk or network


def collect(items, out):
    for item in items:
        time.sleep(STEP)
        out.append(item)  # each thread appends to its own list only


def main():
    numbers, letters = [], []
    threads = [
        threading.Thread(target=collect, args=(range(5), numbers)),
        threading.Thread(target=collect, args=("abcde", letters)),
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    elapsed = time.perf_counter() - start
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError("a worker thread did not finish")

    # Print from one thread, after the workers are done: the output no
    # longer depends on which thread the OS happened to wake first.
    print("numbers:", numbers)
    print("letters:", letters)
    print(f"took {elapsed:.2f} s; one after the other: {10 * STEP:.2f} s")
    print("Done!")


if __name__ == "__main__":
    main()
