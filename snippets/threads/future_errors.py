from concurrent.futures import ThreadPoolExecutor


def load(source_id):
    if source_id == 3:
        raise OSError(f"source {source_id}: connection reset")
    return f"data-{source_id}"


def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {source_id: pool.submit(load, source_id) for source_id in range(5)}

    # The pool has joined its threads. Each future holds a return value or
    # the exception its call raised; result() returns the one or raises the
    # other, here in the main thread.
    for source_id, future in futures.items():
        try:
            print(source_id, "->", future.result(timeout=5))
        except OSError as error:
            print(source_id, "-> failed:", error)


if __name__ == "__main__":
    main()
