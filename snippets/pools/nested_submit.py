from concurrent.futures import ThreadPoolExecutor


def tokenize(text):
    return text.split()


def load_and_tokenize(pool, text):
    """A task that submits a task to its own pool and waits for it."""
    inner = pool.submit(tokenize, text)
    try:
        return inner.result(timeout=0.5)  # without a timeout: a deadlock
    except TimeoutError:
        # The pool's only worker is this task, so `inner` cannot start.
        return f"gave up: inner task still queued = {not inner.running() and not inner.done()}"


def tokenize_document(tokenizers, text):
    """The fix: the inner work goes to a pool of its own."""
    return tokenizers.submit(tokenize, text).result(timeout=5)


def main():
    with ThreadPoolExecutor(max_workers=1) as pool:
        outer = pool.submit(load_and_tokenize, pool, "a b c")
        print("same pool:    ", outer.result(timeout=5))

    with ThreadPoolExecutor(max_workers=1) as loaders, \
            ThreadPoolExecutor(max_workers=1) as tokenizers:
        outer = loaders.submit(tokenize_document, tokenizers, "a b c")
        print("separate pool:", outer.result(timeout=5))


if __name__ == "__main__":
    main()
