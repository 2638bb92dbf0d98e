"""Prove, for each original listing of the Processes chapter, what is wrong
with it (or what it really does). Each test runs the original's own text:
directly, under a start method forced the way the listing suite forces it
(tests/startmethod/sitecustomize.py), or through a small wrapper that only
makes its sleeps short, supplies what the article leaves out, or counts
what it sends. A test whose original may hang runs it under a timeout."""

import ast
import textwrap

from originals import ORIGINALS, proves
from runner import run_script

TRAIN_PARTS = "001_processes_train_parts.py"
TRAIN_POOL = "002_processes_train_pool.py"
HELLO = "003_processes_hello.py"
POOL_MEANS = "003_processes_pool_means.py"

BOOTSTRAP = "An attempt has been made to start a new process before the"

WRAPPER = """
import builtins, multiprocessing, runpy, time
{prelude}
runpy.run_path({original!r}, run_name="__main__")
"""


def run_wrapped(name, tmp_path, prelude="", method="fork", timeout=30, original=None):
    """Run originals/<name> as __main__ through a wrapper that runs `prelude`
    first. Only under fork: a spawn or forkserver child would import the
    wrapper again and run the original's guarded code a second time."""
    wrapper = tmp_path / f"run_{name}"
    source = original or ORIGINALS / name
    wrapper.write_text(WRAPPER.format(prelude=textwrap.dedent(prelude), original=str(source)),
                       encoding="utf-8")
    return run_script(wrapper, tmp_path, method=method, timeout=timeout)


# --- 001: a Pool at module level, with no __main__ guard ----------------------

def test_001_under_fork_it_trains_ten_parts(tmp_path):
    run = run_wrapped(TRAIN_PARTS, tmp_path, prelude="time.sleep = lambda s: None")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-10:] == [f"Part {i} trained." for i in range(10)], run.stdout


@proves(TRAIN_PARTS, en="under spawn and forkserver every worker dies with the bootstrapping RuntimeError, "
        "the pool starts new ones, and map() never returns (stopped after 8 s)",
        zh="在 spawn 和 forkserver 下每个工作进程都以 bootstrapping 的 RuntimeError 退出，"
        "进程池不断补起新进程，map() 永不返回（8 秒后被终止）")
def test_001_without_a_guard_spawn_and_forkserver_hang(tmp_path):
    for method in ("spawn", "forkserver"):
        run = run_script(ORIGINALS / TRAIN_PARTS, tmp_path, method=method, timeout=8)
        assert run.returncode is None, f"{method}: it ended: {run.returncode}\n{run.stderr[-2000:]}"
        assert "trained" not in run.stdout and "Training" not in run.stdout, run.stdout
        # Many dead workers, not one: the pool keeps replacing them.
        assert run.stderr.count(BOOTSTRAP) >= 2, run.stderr[-2000:]


# --- 002: multiprocessing.Pool() over chunks --------------------------------

@proves(TRAIN_POOL, en="as printed it does not compile: IndentationError, the body of train_model is only a comment",
        zh="原样无法编译：train_model 的函数体只有一行注释，报 IndentationError")
def test_002_as_printed_it_does_not_compile(tmp_path):
    run = run_script(ORIGINALS / TRAIN_POOL, tmp_path)
    assert run.returncode == 1, run.stderr
    assert ("IndentationError: expected an indented block after function definition on line 3"
            in run.stderr), run.stderr


# The article leaves out train_model's body, load_data and split_data. The
# completion below keeps every line of the listing and adds one line after
# the comment: each call "trains" a model on its chunk and returns it.
COMPLETED_BODY = '    return {"trained on": len(data)}  # added: one model per chunk\n'
FILL_IN = """
builtins.load_data = lambda: list(range(1000))
builtins.split_data = lambda data: [data[i::4] for i in range(4)]
import multiprocessing.pool
real_map = multiprocessing.pool.Pool.map

def counting_map(self, func, iterable, chunksize=None):
    results = real_map(self, func, iterable, chunksize)
    print("map returned:", results)
    return results

multiprocessing.pool.Pool.map = counting_map
"""


@proves(TRAIN_POOL, en="completed, it returns one separate model per chunk, and the program throws them away",
        zh="补全后它为每个分块返回一个独立的模型，而程序把它们全部丢弃")
def test_002_completed_it_returns_one_model_per_chunk_and_drops_them(tmp_path):
    lines = (ORIGINALS / TRAIN_POOL).read_text(encoding="utf-8").splitlines(keepends=True)
    comment = next(i for i, line in enumerate(lines) if "# Model training code here" in line)
    completed = tmp_path / TRAIN_POOL
    completed.write_text("".join(lines[:comment + 1] + [COMPLETED_BODY] + lines[comment + 1:]),
                         encoding="utf-8")
    run = run_wrapped(TRAIN_POOL, tmp_path, prelude=FILL_IN, original=completed)
    assert run.returncode == 0, run.stderr
    # Four chunks, four models, each trained on a quarter of the data...
    assert run.stdout == "map returned: " + str([{"trained on": 250}] * 4) + "\n", run.stdout
    # ...and nothing in the program keeps what map() returned.
    tree = ast.parse(completed.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Expr)
             and isinstance(node.value, ast.Call) and getattr(node.value.func, "attr", "") == "map"]
    assert len(calls) == 1, "pool.map(...) is a statement of its own: its result is dropped"


# --- 003: Process('world') and the __main__ guard --------------------------

def test_003_hello_prints_under_every_method(tmp_path):
    for method in ("fork", "spawn", "forkserver"):
        run = run_script(ORIGINALS / HELLO, tmp_path, method=method)
        assert run.returncode == 0 and run.stdout == "hello world\n", (method, run.stdout, run.stderr)


CHILD_FAILS = """
real_print = builtins.print

def failing_print(*args, **kwargs):
    # (the traceback is printed with print(..., file=sys.stderr): let it through)
    if multiprocessing.current_process().name != "MainProcess" and "file" not in kwargs:
        raise OSError("simulated failure in the child")
    real_print(*args, **kwargs)

builtins.print = failing_print
"""


@proves(HELLO, en="a child that raises goes unnoticed: the parent exits with status 0",
        zh="子进程抛出异常也无人察觉：父进程的退出状态仍为 0")
def test_003_a_failing_child_goes_unnoticed(tmp_path):
    run = run_wrapped(HELLO, tmp_path, prelude=CHILD_FAILS)
    assert "OSError: simulated failure in the child" in run.stderr, run.stderr
    assert run.returncode == 0 and run.stdout == "", (run.returncode, run.stdout)


@proves(HELLO, en="without the __main__ guard, spawn fails on Linux too: the child raises the bootstrapping RuntimeError",
        zh="去掉 __main__ 守卫后，spawn 在 Linux 上同样失败：子进程抛出 bootstrapping 的 RuntimeError")
def test_003_without_the_guard_spawn_fails_on_linux_too(tmp_path):
    source = (ORIGINALS / HELLO).read_text(encoding="utf-8")
    guard = "if __name__ == '__main__':\n"
    assert guard in source
    head, body = source.split(guard)
    unguarded = tmp_path / "003_hello_unguarded.py"
    unguarded.write_text(head + textwrap.dedent(body), encoding="utf-8")
    forked = run_script(unguarded, tmp_path, method="fork")
    assert forked.returncode == 0 and forked.stdout == "hello world\n", forked.stderr
    spawned = run_script(unguarded, tmp_path, method="spawn", timeout=30)
    assert BOOTSTRAP in spawned.stderr, spawned.stderr
    assert "hello world" not in spawned.stdout, spawned.stdout


# --- 003: ten arrays of a million numbers sent to Pool(processes=4) ----------

COUNT_BYTES = """
import atexit
from multiprocessing.reduction import ForkingPickler
sent = []
real_dumps = ForkingPickler.dumps.__func__

def counting_dumps(cls, obj, protocol=None):
    data = real_dumps(cls, obj, protocol)
    sent.append(len(data))
    return data

ForkingPickler.dumps = classmethod(counting_dumps)
atexit.register(lambda: print("bytes pickled by the parent:", sum(sent)))
"""


@proves(POOL_MEANS, en="the parent pickles every array and copies it to a worker: over 80 MB to compute ten means",
        zh="父进程把每个数组序列化后复制给工作进程：为了算十个平均值，传送了 80 MB 以上的数据")
def test_003_the_pool_copies_every_array_to_the_workers(tmp_path):
    run = run_wrapped(POOL_MEANS, tmp_path, prelude=COUNT_BYTES, timeout=60)
    assert run.returncode == 0, run.stderr
    means, counted = run.stdout.splitlines()
    assert means.count("np.float64(") == 10 or means.count(",") == 9, means
    sent = int(counted.rsplit(":", 1)[1])
    assert sent >= 10 * 1_000_000 * 8, counted  # ten arrays of a million float64


def test_003_pool_means_runs_under_every_method(tmp_path):
    for method in ("spawn", "forkserver"):
        run = run_script(ORIGINALS / POOL_MEANS, tmp_path, method=method, timeout=60)
        assert run.returncode == 0 and run.stdout.count(",") == 9, (method, run.stdout, run.stderr)
