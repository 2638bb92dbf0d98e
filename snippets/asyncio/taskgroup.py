import asyncio


async def load(name, log, fail=False):
    try:
        if fail:
            await asyncio.sleep(0.01)
            raise ValueError(f"{name}: corrupt shard")
        await asyncio.Event().wait()  # a shard server that never answers
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise


async def with_gather(log):
    tasks = [asyncio.create_task(load("a", log, fail=True)),
             asyncio.create_task(load("b", log))]
    try:
        await asyncio.gather(*tasks)
    except ValueError as error:
        log.append(f"gather raised {error!r}; b still running: {not tasks[1].done()}")
    finally:
        log.append("we cancel the tasks still running")
        for task in tasks:  # gather does not cancel the others: we must
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def with_task_group(log):
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(load("a", log, fail=True))
            group.create_task(load("b", log))
    except* ValueError as errors:
        log.append(f"TaskGroup raised {errors.exceptions!r}")


async def with_timeout(log):
    try:
        async with asyncio.timeout(0.05):
            await load("c", log)
    except TimeoutError:
        log.append("timeout raised TimeoutError")


async def main():
    for demo in (with_gather, with_task_group, with_timeout):
        log = []
        await demo(log)
        print(f"{demo.__name__}:")
        for line in log:
            print(" ", line)


if __name__ == "__main__":
    asyncio.run(main())
