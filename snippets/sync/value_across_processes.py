import multiprocessing


def count_batches(counter, batches):
    for _ in range(batches):
        with counter.get_lock():  # the Value's own lock, shared by every process
            counter.value += 1


def main():
    counter = multiprocessing.Value("i", 0)  # an int in shared memory
    workers = [multiprocessing.Process(target=count_batches, args=(counter, 1000))
               for _ in range(2)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        failed = [w.name for w in workers if w.is_alive() or w.exitcode != 0]
    finally:  # even if starting or joining failed
        for worker in workers:
            if worker.is_alive():
                worker.terminate()  # do not leave it running
                worker.join(timeout=5)
    if failed:
        raise RuntimeError(f"workers failed or timed out: {failed}")
    print("batches counted by two processes:", counter.value)


if __name__ == "__main__":
    main()
