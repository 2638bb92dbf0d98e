import asyncio
import math
import time

import numpy as np
from aiohttp import ClientSession, ClientTimeout, web

BEAT = 0.001  # seconds between heartbeats
REQUESTS = 4

rng = np.random.default_rng(0)
WEIGHTS = [rng.standard_normal((512, 512)).astype(np.float32) for _ in range(4)]


def model(x):
    """A small NumPy "model": four dense layers with ReLU."""
    for w in WEIGHTS:
        x = np.maximum(x @ w, 0)
    return x


def predict(seed, ticks, report):
    x = np.random.default_rng(seed).standard_normal((512, 512)).astype(np.float32)
    before, start = len(ticks), time.perf_counter()
    y = model(x)
    report.append((len(ticks) - before, time.perf_counter() - start))
    return float(y.mean())


async def heartbeat(ticks, lags):
    while True:
        start = time.perf_counter()
        await asyncio.sleep(BEAT)
        lags.append(time.perf_counter() - start - BEAT)  # how late it woke up
        ticks.append(1)


async def serve_and_call(mode):
    ticks, lags, report = [], [], []

    async def handle_predict(request):
        seed = int(request.match_info["seed"])
        if mode == "inline":
            score = predict(seed, ticks, report)  # blocks the event loop
        else:
            score = await asyncio.to_thread(predict, seed, ticks, report)
        return web.json_response({"score": score})

    app = web.Application()
    app.router.add_get("/predict/{seed}", handle_predict)
    runner = web.AppRunner(app)
    await runner.setup()
    beat = asyncio.create_task(heartbeat(ticks, lags))
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:

            async def call(seed):
                async with session.get(f"http://{host}:{port}/predict/{seed}") as response:
                    response.raise_for_status()
                    return (await response.json())["score"]

            async with asyncio.timeout(30):
                scores = await asyncio.gather(*(call(seed) for seed in range(REQUESTS)))
    finally:
        beat.cancel()
        await asyncio.gather(beat, return_exceptions=True)
        await runner.cleanup()
    return scores, report, max(lags)


async def main():
    results = {}
    for mode in ("inline", "to_thread"):
        results[mode] = await serve_and_call(mode)
    for mode, (scores, report, worst_lag) in results.items():
        print(f"model called {mode}: {len(scores)} of {REQUESTS} requests answered")
        if mode == "inline":  # certain: nothing else runs on the loop meanwhile
            beats = sum(beats for beats, _ in report)
            shortest = min(seconds for _, seconds in report)
            print("  heartbeats while the model ran:", "some" if beats > 0 else "none")
            print("  the heartbeat waited at least one whole model call:",
                  "yes" if worst_lag >= shortest - BEAT else "no")
        print(f"  worst heartbeat lag: {worst_lag * 1000:.1f} ms")  # measured: it varies
    same = all(math.isclose(a, b, rel_tol=1e-5)
               for a, b in zip(results["inline"][0], results["to_thread"][0]))
    print("same scores both ways:", "yes" if same else "no")


if __name__ == "__main__":
    asyncio.run(main())
