import asyncio
from concurrent.futures import ProcessPoolExecutor

N = 1_000_000
BEAT = 0.002  # seconds between heartbeats


def busy(n):
    # Pure-Python CPU work, at module level so that the workers can import it.
    total = 0
    for i in range(n):
        total += i * i
    return total


async def heartbeat(ticks):
    while True:
        await asyncio.sleep(BEAT)
        ticks.append(1)


async def main():
    loop = asyncio.get_running_loop()
    ticks = []
    beat = asyncio.create_task(heartbeat(ticks))
    try:
        with ProcessPoolExecutor(max_workers=2) as pool:
            async with asyncio.timeout(60):
                results = await asyncio.gather(
                    *(loop.run_in_executor(pool, busy, N + k) for k in range(2)))
    finally:
        beat.cancel()
        await asyncio.gather(beat, return_exceptions=True)
    print("results match a plain call:", results == [busy(N + k) for k in range(2)])
    print("heartbeats while the loop waited for the workers:", "some" if ticks else "none")


if __name__ == "__main__":
    asyncio.run(main())
