import threading
from concurrent.futures import ThreadPoolExecutor

num = 0
lock = threading.Lock()


def add_number():
    global num
    for _ in range(10000):
        with lock:  # released when the block ends, even by an exception
            temp = num
            temp += 1
            num = temp


def main():
    with ThreadPoolExecutor(max_workers=10) as pool:
        futures = [pool.submit(add_number) for _ in range(10)]
        for future in futures:
            future.result(timeout=30)  # re-raises a worker's exception here
    print("num:", num)
    print("lock held:", lock.locked())


if __name__ == "__main__":
    main()
