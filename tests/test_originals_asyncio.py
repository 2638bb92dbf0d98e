"""Prove, for the asyncio listing of article 002 ("Concurrency in machine
learning with Python", section "3. Asynchronous Programming"), what is wrong
with it, and what is wrong with the claim printed right before it. Each test
runs the original's own text: as printed, or completed by adding one line
after each comment that stands for a body. Nothing reaches the network: the
completion's stand-in for a download is an asyncio.sleep."""

import ast

from originals import ORIGINALS, proves
from runner import run_script

FETCH = "002_asyncio_fetch_process.py"

# Added after each comment that stands for a body, so that every line of the
# listing is kept.
BODIES = {
    "# Fetch data from URL": "    return await probe('fetch', url)  # added\n",
    "# Data processing code here": "    return await probe('process', data)  # added\n",
}

PROBE = '''
import asyncio, builtins, runpy

events = []

async def probe(step, value):
    """Record the step and how many tasks exist; wait as a download would."""
    events.append(f"{{step}} starts; tasks: {{len(asyncio.all_tasks())}}")
    await asyncio.sleep(0.05)  # stands in for the network
    events.append(f"{{step}} ends; tasks: {{len(asyncio.all_tasks())}}")
    return value

builtins.probe = probe
runpy.run_path({original!r}, run_name="__main__")
print("\\n".join(events))
'''


def completed(tmp_path, bodies=BODIES):
    """The original with one line added after each comment that stands for a body."""
    lines = (ORIGINALS / FETCH).read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for line in lines:
        out.append(line)
        for comment, body in bodies.items():
            if line.strip() == comment:
                out.append(body)
    path = tmp_path / f"completed_{FETCH}"
    path.write_text("".join(out), encoding="utf-8")
    assert len(out) == len(lines) + len(bodies), "a comment to complete was not found"
    ast.parse(path.read_text(encoding="utf-8"))
    return path


@proves(FETCH, en="as printed it does not compile: IndentationError, the bodies of fetch_data and "
        "process_data are only comments",
        zh="原样无法编译：fetch_data 和 process_data 的函数体只有注释，报 IndentationError")
def test_002_asyncio_as_printed_it_does_not_compile(tmp_path):
    run = run_script(ORIGINALS / FETCH, tmp_path)
    assert run.returncode == 1 and run.stdout == "", (run.returncode, run.stdout)
    assert ("IndentationError: expected an indented block after function definition on line 3"
            in run.stderr), run.stderr


@proves(FETCH, en="completed, it runs one task, and fetch and process one after the other: "
        "nothing in it runs concurrently",
        zh="补全后它只有一个任务，下载和处理一个接一个执行：其中没有任何并发")
def test_002_asyncio_completed_nothing_runs_concurrently(tmp_path):
    wrapper = tmp_path / "run_completed.py"
    wrapper.write_text(PROBE.format(original=str(completed(tmp_path))), encoding="utf-8")
    run = run_script(wrapper, tmp_path, timeout=30)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout.splitlines() == [
        "fetch starts; tasks: 1", "fetch ends; tasks: 1",
        "process starts; tasks: 1", "process ends; tasks: 1"], run.stdout


# The claim printed right before the listing: asyncio lets us "write concurrent
# code that is not limited by the Global Interpreter Lock (GIL)". Below,
# fetch_data is completed with CPU-bound work, and two calls of it are
# gathered next to a heartbeat task that ticks every millisecond.
CPU_BODIES = {
    "# Fetch data from URL": "    return sum(i * i for i in range(len(url) * 300_000))  # added: CPU work\n",
    "# Data processing code here": "    return data  # added\n",
}

GATHER = '''
import asyncio, runpy, threading

original = runpy.run_path({original!r}, run_name="completed_original")
events, ticks, threads = [], [], set()

async def heartbeat():
    while True:
        await asyncio.sleep(0.001)
        ticks.append(1)
        threads.add(threading.get_ident())

async def timed(name):
    threads.add(threading.get_ident())
    events.append(f"{{name}} starts")
    before = len(ticks)
    await original["fetch_data"](name)
    events.append(f"{{name}} ends; heartbeats meanwhile: {{len(ticks) - before}}")

async def main():
    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.01)
    async with asyncio.timeout(60):
        await asyncio.gather(timed("a"), timed("b"))
    beat.cancel()
    await asyncio.gather(beat, return_exceptions=True)

asyncio.run(main())
print("\\n".join(events))
print("threads:", len(threads), "heartbeats:", "some" if ticks else "none")
'''


@proves(FETCH, en="the claim before it, that asyncio code is 'not limited by the GIL': completed with "
        "CPU work and gathered, two calls run one after the other in one thread, and a heartbeat "
        "task never runs while either computes",
        zh="它前面的说法（asyncio 代码「不受 GIL 限制」）：补全为 CPU 计算后用 gather 同时调用两次，"
        "两次调用在同一个线程里一个接一个执行，计算期间心跳任务一次也没有运行")
def test_002_asyncio_claim_cpu_bound_coroutines_take_turns_in_one_thread(tmp_path):
    wrapper = tmp_path / "run_gathered.py"
    wrapper.write_text(GATHER.format(original=str(completed(tmp_path, CPU_BODIES))),
                       encoding="utf-8")
    run = run_script(wrapper, tmp_path, timeout=60)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout.splitlines() == [
        "a starts", "a ends; heartbeats meanwhile: 0",
        "b starts", "b ends; heartbeats meanwhile: 0",
        "threads: 1 heartbeats: some"], run.stdout
