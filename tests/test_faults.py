"""Faults, injected into programs shaped like the patterns the guide
recommends (tests/faults/): a worker that raises, a worker process killed
mid-task, Ctrl-C during a pool and during an asyncio program, a slow
consumer, and torchrun ranks that hang. Each runs under fork, spawn and
forkserver where it starts processes. The deadlines only stop a hang; nothing here times speed.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from runner import START_METHODS, kill_leftovers

FAULTS = Path(__file__).parent / "faults"
DEADLINE = 60  # seconds: a program still running then has hung


def start(program: str, *args: str) -> subprocess.Popen:
    """The program in a session of its own, so its processes can be found."""
    return subprocess.Popen([sys.executable, str(FAULTS / program), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def run(program: str, *args: str) -> subprocess.CompletedProcess:
    process = start(program, *args)
    try:
        stdout, stderr = process.communicate(timeout=DEADLINE)
    finally:
        leftovers = kill_leftovers(process.pid)  # also ends a hung run's processes
    assert not leftovers, f"processes left behind: {leftovers}"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def printed(program: str, *args: str) -> list[str]:
    """The lines a program printed; it must exit with status 0, silently on stderr."""
    result = run(program, *args)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("method", START_METHODS)
def test_a_worker_that_raises_surfaces_its_exception_in_the_parent(method):
    assert printed("worker_raises.py", method) == [
        "thread pool: ValueError('bad item 3')",
        "process pool: ValueError('bad item 3')",
        "task group: [\"ValueError('bad item 3')\"]",
    ]


@pytest.mark.parametrize("method", START_METHODS)
def test_a_killed_worker_breaks_the_pool_and_the_program_exits(method):
    started = time.monotonic()
    result = run("killed_worker.py", method)  # no process may be left behind
    assert result.returncode == 0, result.stderr
    assert result.stdout == "futures: " + repr(["BrokenProcessPool"] * 4) + "\n", result.stdout
    assert time.monotonic() - started < 30, "it waited for the 30 s tasks of the dead pool"


def interrupted(program: str, method: str):
    """Start the program in its own process group, wait until it says
    "ready", send SIGINT to the whole group as a terminal's Ctrl-C does, and
    return (exit status, stdout, stderr, processes left, shared memory left)."""
    name = f"fault-{uuid.uuid4().hex[:12]}"
    process = start(program, method, name)
    try:
        assert process.stdout.readline() == "ready\n", process.stderr.read()
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)  # "exits within a few seconds"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    leftovers = kill_leftovers(process.pid)
    block = Path("/dev/shm", name)
    left = block.exists()
    block.unlink(missing_ok=True)  # a failed run leaves nothing behind either
    return process.returncode, stdout, stderr, leftovers, left


@pytest.mark.parametrize("method", START_METHODS)
def test_ctrl_c_during_a_process_pool_exits_cleanly(method):
    status, stdout, stderr, leftovers, shared_memory_left = interrupted("sigint_pool.py", method)
    assert status == 130 and stdout == "interrupted\n", (status, stdout, stderr)
    assert not stderr, stderr  # no traceback from a worker, no leaked-memory warning
    assert not leftovers, f"processes left behind: {leftovers}"
    assert not shared_memory_left, "the shared memory block was not unlinked"


def test_ctrl_c_during_an_asyncio_program_exits_cleanly():
    status, stdout, stderr, leftovers, shared_memory_left = interrupted("sigint_asyncio.py", "-")
    assert status == 130, (status, stdout, stderr)
    assert stdout == "interrupted; tasks cleaned up: [0, 1, 2, 3]\n", stdout
    assert not stderr, stderr
    assert not leftovers and not shared_memory_left


@pytest.mark.parametrize("method", START_METHODS)
def test_a_slow_consumer_holds_the_producer_back_and_loses_nothing(method):
    assert printed("slow_consumer.py", method) == [
        "threads: errors: []",
        "threads: producer never more than maxsize + 1 ahead: True",
        "threads: received all, in order: True",
        "processes: producer exit code: 0",
        "processes: received all, in order: True",
    ]


def test_a_torchrun_timeout_stops_the_ranks_too():
    # The ranks hang; torchrun_launch's timeout must end torchrun and both
    # ranks (run() fails on any process left behind, orphans included).
    assert printed("torchrun_timeout.py", "20") == [
        "timed out; ranks that had started: ['rank0', 'rank1']"]
