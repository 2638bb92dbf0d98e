import asyncio
import threading
import time

N = 1_000_000  # a pure-Python loop: a fraction of a second
BEAT = 0.002  # seconds between heartbeats
BEATS = 3  # heartbeats the thread waits to see while it computes
DEADLINE = 10  # seconds: the thread gives up after this long


def busy(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def busy_until_beats(ticks):
    # Pure-Python work in small chunks, until the heartbeat has ticked BEATS
    # times meanwhile: the loop can only tick by taking the GIL from this thread.
    before, give_up = len(ticks), time.monotonic() + DEADLINE
    while len(ticks) - before < BEATS and time.monotonic() < give_up:
        busy(N // 100)
    return len(ticks) - before


async def heartbeat(ticks):
    while True:
        await asyncio.sleep(BEAT)
        ticks.append(1)


async def cpu_coroutine(name, ticks, events, threads):
    threads.add(threading.get_ident())
    events.append(f"{name} starts")
    before = len(ticks)
    busy(N)  # no await inside: nothing else on the loop can run meanwhile
    events.append(f"{name} ends; heartbeats meanwhile: {len(ticks) - before}")


async def main():
    ticks, events, threads = [], [], set()
    beat = asyncio.create_task(heartbeat(ticks))
    try:
        await asyncio.sleep(5 * BEAT)  # the heartbeat is running
        # No timeout: it could cancel only at an await, and these coroutines never await.
        await asyncio.gather(cpu_coroutine("a", ticks, events, threads),
                             cpu_coroutine("b", ticks, events, threads))
        async with asyncio.timeout(DEADLINE + 5):
            in_thread = await asyncio.to_thread(busy_until_beats, ticks)
    finally:
        beat.cancel()
        await asyncio.gather(beat, return_exceptions=True)

    print("two CPU-bound coroutines under gather:")
    for event in events:
        print(" ", event)
    print("threads the coroutines ran in:", len(threads))
    print(f"pure-Python work in a to_thread() call: the heartbeat ticked {BEATS} times "
          "while it computed:", "yes" if in_thread >= BEATS else "no")


if __name__ == "__main__":
    asyncio.run(main())
