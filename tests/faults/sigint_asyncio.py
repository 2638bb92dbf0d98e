"""Ctrl-C during an asyncio program: asyncio.run() cancels the main task,
so every task's cleanup runs, then raises KeyboardInterrupt; the program
unlinks its shared memory and exits with 130."""

import asyncio
import sys
from multiprocessing import shared_memory

cleaned = []


async def serve(item):
    try:
        await asyncio.sleep(3600)
    finally:
        cleaned.append(item)  # runs when the task is cancelled


async def main():
    async with asyncio.TaskGroup() as group:
        for item in range(4):
            group.create_task(serve(item))
        await asyncio.sleep(0)
        print("ready", flush=True)


def run(name):
    block = shared_memory.SharedMemory(create=True, size=64, name=name)
    try:
        asyncio.run(main())
        return 0
    except KeyboardInterrupt:
        print("interrupted; tasks cleaned up:", sorted(cleaned), flush=True)
        return 130
    finally:
        block.close()
        block.unlink()


if __name__ == "__main__":
    sys.exit(run(sys.argv[2]))
