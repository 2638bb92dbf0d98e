from concurrent.futures import ThreadPoolExecutor


def parse(record):
    if record == "n/a":
        raise ValueError(f"cannot parse {record!r}")
    return int(record)


def parse_or_error(record):
    """Return the error as a value, so that one bad record costs one result."""
    try:
        return parse(record), None
    except ValueError as error:
        return None, error


def main():
    records = ["10", "20", "n/a", "40", "50"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        # 1. map(): the exception comes out of the loop at the failed record,
        #    and the results after it are lost with the iterator.
        received = []
        results = pool.map(parse, records, timeout=5)
        try:
            for value in results:
                received.append(value)
        except ValueError as error:
            print(f"1. map() raised at record {len(received)}: {error}")
        print("   values received before it:", received)
        print("   values left in the iterator:", list(results))

        # 2. map() over a function that catches its own errors: every record
        #    gets an answer.
        print("2. map() over parse_or_error():")
        for record, (value, error) in zip(records, pool.map(parse_or_error, records, timeout=5)):
            print(f"   {record!r} -> {value if error is None else 'failed: ' + str(error)}")

        # 3. submit(): one future per record; each one is checked on its own.
        futures = [pool.submit(parse, record) for record in records]
    failed = []
    for record, future in zip(records, futures):
        if future.exception(timeout=5) is not None:
            failed.append(record)
    print(f"3. submit(): {len(records) - len(failed)} parsed, failed: {failed}")


if __name__ == "__main__":
    main()
