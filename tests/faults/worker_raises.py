"""A worker that raises: a thread pool, a process pool and an asyncio
TaskGroup each hand the exception to the code that waits for the result."""

import asyncio
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def check(item):
    if item == 3:
        raise ValueError(f"bad item {item}")
    return item


async def check_async(item):
    await asyncio.sleep(0.01)
    return check(item)


async def all_checked():
    async with asyncio.TaskGroup() as group:
        for item in range(5):
            group.create_task(check_async(item))


def main(method):
    with ThreadPoolExecutor(max_workers=2) as pool:
        try:
            list(pool.map(check, range(5)))
        except ValueError as error:
            print("thread pool:", repr(error))
    with ProcessPoolExecutor(max_workers=2,
                             mp_context=multiprocessing.get_context(method)) as pool:
        try:
            list(pool.map(check, range(5)))
        except ValueError as error:
            print("process pool:", repr(error))
    try:
        asyncio.run(all_checked())
    except* ValueError as group:
        print("task group:", [repr(error) for error in group.exceptions])


if __name__ == "__main__":
    main(sys.argv[1])
