import threading
from concurrent.futures import ThreadPoolExecutor, as_completed, wait


def stuck(unstick):
    """A task that hangs until `unstick` is set: a read with no reply."""
    if not unstick.wait(timeout=10):
        raise TimeoutError("nobody unstuck me")
    return "finished"


def main():
    unstick = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        thread = threading.Thread(target=stuck, args=(unstick,))
        thread.start()
        try:
            future = pool.submit(stuck, unstick)

            try:
                future.result(timeout=0.1)
            except TimeoutError:
                print("result(timeout=0.1):       TimeoutError")

            done, not_done = wait([future], timeout=0.1)
            print(f"wait(timeout=0.1):         {len(done)} done, {len(not_done)} not done")

            try:
                for _ in as_completed([future], timeout=0.1):
                    pass
            except TimeoutError as error:
                print(f"as_completed(timeout=0.1): TimeoutError: {error}")

            thread.join(timeout=0.1)
            print(f"join(timeout=0.1):         returned; is_alive() = {thread.is_alive()}")

            # The caller has noticed four times; the task has not noticed at all.
            print("still running afterwards:  ", future.running())
        finally:
            # Without this, leaving the with block would wait for the pool's
            # task, and the interpreter would wait for the thread at exit: up
            # to their own 10 s limit here, forever for a call with no limit.
            unstick.set()
            thread.join(timeout=10)
    print("after unstick.set():       ", future.result(timeout=10))


if __name__ == "__main__":
    main()
