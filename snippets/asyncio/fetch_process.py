# Output varies: the time is measured, and two runs can round to the same value
import asyncio
import time

from aiohttp import ClientSession, ClientTimeout, web

URLS = 6
LIMIT = 3  # at most this many requests in flight at once
DELAY = 0.05  # seconds the server takes per request: a slow remote service


async def start_server(in_flight):
    """A real HTTP server on loopback; port 0 lets the OS pick a free port."""

    async def handle_data(request):
        in_flight["now"] += 1
        in_flight["peak"] = max(in_flight["peak"], in_flight["now"])
        try:
            await asyncio.sleep(DELAY)
            item = int(request.match_info["item"])
            return web.json_response({"item": item, "values": list(range(item + 1))})
        finally:
            in_flight["now"] -= 1

    app = web.Application()
    app.router.add_get("/data/{item}", handle_data)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


async def fetch_data(session, limit, url):
    async with limit:  # wait for one of LIMIT slots
        async with session.get(url) as response:
            response.raise_for_status()
            return await response.json()


def process_data(data):
    # CPU work: a plain function. An async def that never awaits gains nothing.
    return sum(data["values"])


async def main():
    in_flight = {"now": 0, "peak": 0}
    runner, base = await start_server(in_flight)
    try:
        limit = asyncio.Semaphore(LIMIT)
        async with ClientSession(timeout=ClientTimeout(total=5)) as session:
            start = time.perf_counter()
            async with asyncio.timeout(10):  # one deadline for the whole batch
                pages = await asyncio.gather(
                    *(fetch_data(session, limit, f"{base}/data/{i}") for i in range(URLS)))
            elapsed = time.perf_counter() - start
    finally:
        await runner.cleanup()  # close the server's sockets, even after an error

    results = [process_data(page) for page in pages]
    print(f"fetched {len(pages)} of {URLS} pages; results: {results}")
    print(f"requests in flight at the server: at most {LIMIT}:",
          "yes" if in_flight["peak"] <= LIMIT else "no")
    print(f"took {elapsed:.3f} s; one after the other: at least {URLS * DELAY:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
