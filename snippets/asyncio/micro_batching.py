# Output varies: how many requests reach the batcher within one wait depends on timing
import asyncio

import numpy as np
from aiohttp import ClientSession, ClientTimeout, web

MAX_BATCH = 8  # requests per model call, at most
MAX_WAIT = 0.01  # seconds the batcher waits for more after the first request
REQUESTS = 32
CLIENT_LIMIT = 8  # requests the client keeps in flight

rng = np.random.default_rng(0)
WEIGHTS = rng.standard_normal((16, 4)).astype(np.float32)


def model(batch):
    """A tiny NumPy "model": one row of scores per input row."""
    return batch @ WEIGHTS


class MicroBatcher:
    def __init__(self):
        self.queue = asyncio.Queue()
        self.taken = self.answered = self.calls = self.largest = 0

    async def predict(self, row):
        future = asyncio.get_running_loop().create_future()
        await self.queue.put((row, future))
        return await future

    async def run(self):
        loop = asyncio.get_running_loop()
        batch = []
        try:
            while True:
                batch = [await self.queue.get()]
                deadline = loop.time() + MAX_WAIT
                while len(batch) < MAX_BATCH:
                    try:
                        async with asyncio.timeout_at(deadline):
                            batch.append(await self.queue.get())
                    except TimeoutError:
                        break
                self.taken += len(batch)
                self.calls += 1
                self.largest = max(self.largest, len(batch))
                try:  # a malformed input fails its batch, not the batcher
                    rows = np.stack([row for row, _ in batch])
                    outputs = await asyncio.to_thread(model, rows)
                except Exception as error:  # every waiting request gets the error
                    outputs = [error] * len(batch)
                for (_, future), output in zip(batch, outputs):
                    if future.done():  # its handler was cancelled
                        continue
                    if isinstance(output, Exception):
                        future.set_exception(output)
                    else:
                        future.set_result(output)
                        self.answered += 1
        finally:  # stopped: fail every request still waiting, so that none hangs
            waiting = [future for _, future in batch]
            while not self.queue.empty():
                waiting.append(self.queue.get_nowait()[1])
            for future in waiting:
                if not future.done():
                    future.set_exception(RuntimeError("the batcher stopped"))


async def main():
    batcher = MicroBatcher()

    async def handle_predict(request):
        row = np.asarray((await request.json())["row"], dtype=np.float32)
        scores = await batcher.predict(row)
        return web.json_response({"scores": scores.tolist()})

    app = web.Application()
    app.router.add_post("/predict", handle_predict)
    runner = web.AppRunner(app)
    await runner.setup()
    batching = asyncio.create_task(batcher.run())
    inputs = np.random.default_rng(1).standard_normal((REQUESTS, 16)).astype(np.float32)
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        limit = asyncio.Semaphore(CLIENT_LIMIT)
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:

            async def call(row):
                async with limit:
                    async with session.post(f"http://{host}:{port}/predict",
                                            json={"row": row.tolist()}) as response:
                        response.raise_for_status()
                        return (await response.json())["scores"]

            async with asyncio.timeout(30):
                answers = await asyncio.gather(*(call(row) for row in inputs))
    finally:
        batching.cancel()
        await asyncio.gather(batching, return_exceptions=True)
        await runner.cleanup()

    correct = np.allclose(np.array(answers), model(inputs), rtol=1e-5, atol=1e-5)
    print(f"client: {REQUESTS} requests sent, {len(answers)} answered")
    print(f"batcher: {batcher.taken} requests taken, {batcher.answered} answered")
    print("every answer matches the model on its own row:", "yes" if correct else "no")
    print(f"model calls: {batcher.calls}; largest batch: at most {MAX_BATCH}:",
          "yes" if batcher.largest <= MAX_BATCH else "no")


if __name__ == "__main__":
    asyncio.run(main())
