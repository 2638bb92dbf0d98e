import asyncio
from concurrent.futures import ProcessPoolExecutor

N = 1_000_000


def busy(n):
    # Pure-Python CPU work, at module level so that the workers can import it.
    total = 0
    for i in range(n):
        total += i * i
    return total


async def other_work(events):
    events.append("another task ran")


async def main():
    loop = asyncio.get_running_loop()
    events = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        jobs = [loop.run_in_executor(pool, busy, N + k) for k in range(2)]
        other = asyncio.create_task(other_work(events))  # runs at main's next await
        try:
            async with asyncio.timeout(60):
                results = await asyncio.gather(*jobs)  # main waits here; the loop is free
            events.append("main got the results")
        finally:
            other.cancel()
            await asyncio.gather(other, return_exceptions=True)
    print("results match a plain call:", results == [busy(N + k) for k in range(2)])
    print("on the loop, in order:", "; then ".join(events))


if __name__ == "__main__":
    asyncio.run(main())
