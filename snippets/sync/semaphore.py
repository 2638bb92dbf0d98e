import threading
import time
from concurrent.futures import ThreadPoolExecutor

MAX_DOWNLOADS = 2  # what the data service allows one client at once

downloads = threading.BoundedSemaphore(MAX_DOWNLOADS)
lock = threading.Lock()
active = 0
most_at_once = 0


def download(shard):
    global active, most_at_once
    with downloads:  # wait for one of the MAX_DOWNLOADS slots
        with lock:
            active += 1
            most_at_once = max(most_at_once, active)
        try:
            time.sleep(0.02)  # "the download"
        finally:
            with lock:
                active -= 1
    return f"shard-{shard}.bin"


def main():
    with ThreadPoolExecutor(max_workers=6) as pool:  # six threads, two slots
        files = list(pool.map(download, range(6), timeout=30))
    print("downloaded:", files)
    print(f"never more than {MAX_DOWNLOADS} at once:", most_at_once <= MAX_DOWNLOADS)


if __name__ == "__main__":
    main()
