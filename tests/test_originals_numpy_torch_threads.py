"""Prove, for the original listing of the NumPy and PyTorch threads chapter,
what is wrong with it, and check the claims the chapter corrects. Each test
runs the original's own text (directly, or through a small wrapper that
supplies what the article leaves out), or a short program in a subprocess,
so that nothing here changes the thread pools of the pytest process."""

import json
import textwrap

from originals import ORIGINALS, proves
from runner import ROOT, run_script

PREPROCESS = "002_libthreads_preprocess_chunks.py"


def run_program(code, tmp_path, name="program.py", timeout=60):
    """Run a short program as a script; return what it printed as JSON."""
    script = tmp_path / name
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    run = run_script(script, tmp_path, timeout=timeout)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout)


def completed(tmp_path, body):
    """The original with one line added after its comment: the body of
    preprocess_data. Every line of the listing is kept."""
    lines = (ORIGINALS / PREPROCESS).read_text(encoding="utf-8").splitlines(keepends=True)
    comment = next(i for i, line in enumerate(lines) if "# Data preprocessing code here" in line)
    path = tmp_path / PREPROCESS
    path.write_text("".join(lines[:comment + 1] + [f"    {body}  # added\n"] + lines[comment + 1:]),
                    encoding="utf-8")
    return path


def run_under(wrapper_code: str, original, tmp_path) -> dict:
    """Run the completed original as __main__ inside a wrapper script that
    watches it, and return the JSON the wrapper prints."""
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(wrapper_code, encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(f"import runpy, sys\nsys.argv[1:] = [{str(original)!r}]\n"
                      f"runpy.run_path({str(wrapper)!r}, run_name='__main__')\n", encoding="utf-8")
    run = run_script(script, tmp_path)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


# --- 002: threads over chunks -----------------------------------------------

@proves(PREPROCESS, en="as printed it does not compile: IndentationError, the body of preprocess_data is only a comment",
        zh="原样无法编译：preprocess_data 的函数体只有一行注释，报 IndentationError")
def test_002_as_printed_it_does_not_compile(tmp_path):
    run = run_script(ORIGINALS / PREPROCESS, tmp_path)
    assert run.returncode == 1, run.stderr
    assert ("IndentationError: expected an indented block after function definition on line 3"
            in run.stderr), run.stderr


@proves(PREPROCESS, en="with a body given to preprocess_data, it stops at NameError: load_data is not defined (nor is split_data)",
        zh="给 preprocess_data 补上函数体之后，程序停在 NameError：load_data 没有定义（split_data 也没有）")
def test_002_with_a_body_it_stops_at_name_error(tmp_path):
    run = run_script(completed(tmp_path, "return data"), tmp_path)
    assert run.returncode == 1, run.stderr
    assert "NameError: name 'load_data' is not defined" in run.stderr, run.stderr


# Supplies what the article leaves out, records what each thread's target
# returned, runs the completed original, and looks for those results in
# every variable the program left behind (its globals, and its threads).
KEEPS_RESULTS = """
import builtins, json, runpy, sys, threading
builtins.load_data = lambda: list(range(1000))
builtins.split_data = lambda data: [data[i::4] for i in range(4)]
returned = []
real_run = threading.Thread.run

def recording_run(self):
    try:  # as Thread.run does, but keeping what the target returned
        if self._target is not None:
            returned.append(self._target(*self._args, **self._kwargs))
    finally:
        del self._target, self._args, self._kwargs

threading.Thread.run = recording_run
program = runpy.run_path(sys.argv[1], run_name="__main__")
threading.Thread.run = real_run
places = list(program.values())
places += [value for thread in program.get("threads", []) for value in vars(thread).values()]
kept = [any(value is result for value in places) for result in returned]
print(json.dumps({"chunks processed": len(returned),
                  "rows processed": sum(len(r) for r in returned), "kept": kept}))
"""


@proves(PREPROCESS, en="completed, every chunk is processed and every result is thrown away: "
        "a thread discards its target's return value, and nothing else keeps it",
        zh="补全后每个分块都处理了，而每个结果都被丢掉：线程会丢弃目标函数的返回值，程序里也没有别的地方保存它")
def test_002_completed_the_results_are_thrown_away(tmp_path):
    found = run_under(KEEPS_RESULTS, completed(tmp_path, "return [x * 2 for x in data]"), tmp_path)
    assert found["chunks processed"] == 4 and found["rows processed"] == 1000, found
    assert found["kept"] == [False] * 4, found


# With a pure-Python body, the four threads run one at a time: the process
# never uses more CPU time than wall-clock time (one core), however many
# cores are free. (NumPy work on large chunks releases the GIL instead; the
# chapter's corrected listing uses it.)
ONE_CORE_AT_A_TIME = """
import builtins, json, runpy, sys, time
builtins.load_data = lambda: list(range(4 * 400_000))
builtins.split_data = lambda data: [data[i::4] for i in range(4)]
wall, cpu = time.perf_counter(), time.process_time()
runpy.run_path(sys.argv[1], run_name="__main__")
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu}))
"""


@proves(PREPROCESS, en="completed with pure-Python preprocessing, its four threads never use more than one core "
        "(CPU time at most wall time): the GIL lets one run at a time",
        zh="用纯 Python 的预处理补全后，4 个线程加起来从不超过一个核心（CPU 时间不超过墙钟时间）：GIL 一次只让一个线程运行")
def test_002_pure_python_chunks_use_one_core_at_a_time(tmp_path):
    found = run_under(ONE_CORE_AT_A_TIME,
                      completed(tmp_path, "return sum(x * x for x in data for _ in range(3))"), tmp_path)
    # A small allowance for the clocks and the interpreter's own bookkeeping.
    assert found["cpu"] <= found["wall"] * 1.05 + 0.02, found


# --- 001, section 一: "training is limited by the GIL" ----------------------

# For each operation, run it once in a worker thread while the main thread
# counts its own loop iterations, and report how many of them fell in the
# middle half of the operation. An operation that holds the GIL for its
# whole duration (the control: the built-in sum over a range, one C call)
# leaves none there; one that releases it leaves many.
GIL_PROBE = """
import json, threading, time
import torch

def ticks_in_middle(op):
    span, done, ticks = {}, threading.Event(), []

    def worker():
        span["start"] = time.perf_counter()
        op()
        span["end"] = time.perf_counter()
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
    thread.join(timeout=60)
    start, end = span["start"], span["end"]
    low, high = start + (end - start) / 4, end - (end - start) / 4
    return sum(low <= tick <= high for tick in ticks)

torch.manual_seed(0)
torch.set_num_threads(1)
m = torch.randn(1500, 1500)
model = torch.nn.Sequential(torch.nn.Linear(2000, 2000), torch.nn.ReLU(), torch.nn.Linear(2000, 1))
loss = torch.nn.functional.mse_loss(model(torch.randn(512, 2000)), torch.randn(512, 1))
print(json.dumps({"matmul": ticks_in_middle(lambda: m @ m),
                  "backward": ticks_in_middle(loss.backward),
                  "control": ticks_in_middle(lambda: sum(range(20_000_000)))}))
"""


def test_001_pytorch_releases_the_gil_in_a_matmul_and_in_backward(tmp_path):
    ticks = run_program(GIL_PROBE, tmp_path)
    assert ticks["control"] == 0, ticks  # the probe does see a held GIL
    assert ticks["matmul"] > 0 and ticks["backward"] > 0, ticks


# CPU time that the process's other threads spent during one call, as a
# share of the CPU time the call takes on one thread (every library limited
# to one thread): about 0 for an operation that runs on the calling thread
# alone, a good share when a library's pool did part of the work. (The
# calling thread's own time is not used: it may spin while it waits for its
# helpers, longer on a busy machine.) It is the which_ops listing's measure:
# each operation repeated to ~0.2 s after a warm-up call, since a single
# short call, or a cold first run that makes the one-thread reference too
# high, once made a matmul read below 0.1 here.
CPU_SHARE = """
import json, sys
import numpy as np
import torch
sys.path.insert(0, LISTING_FOLDER)
from which_ops import CONTROLLER, cpu_times, repeated

def other_threads_share(op):
    op = repeated(op)
    with CONTROLLER.limit(limits=1):
        alone, _ = cpu_times(op)
    _, others = cpu_times(op)
    return others / alone

rng = np.random.default_rng(0)
a, b = rng.standard_normal(8_000_000), rng.standard_normal(8_000_000)
out = np.empty_like(a)
m = rng.standard_normal((600, 600))
t = torch.randn(600, 600)
print(json.dumps({
    "torch threads": torch.get_num_threads(),
    "numpy add": other_threads_share(lambda: np.add(a, b, out=out)),
    "numpy sum": other_threads_share(a.sum),
    "numpy matmul": other_threads_share(lambda: m @ m),
    "torch matmul": other_threads_share(lambda: t @ t),
}))
""".replace("LISTING_FOLDER", repr(str(ROOT / "snippets" / "libthreads")))


def test_001_one_python_thread_runs_a_matmul_on_several_threads(tmp_path):
    share = run_program(CPU_SHARE, tmp_path)
    assert share["torch threads"] >= 2, share  # a machine with one core shows nothing
    assert share["torch matmul"] > 0.1 and share["numpy matmul"] > 0.1, share


# --- 001, section 四: NumPy "uses multithreading ... and GPU acceleration" ----

def test_001_numpy_ufuncs_and_reductions_run_on_the_calling_thread(tmp_path):
    share = run_program(CPU_SHARE, tmp_path)
    assert share["numpy add"] < 0.05 and share["numpy sum"] < 0.05, share
    assert share["numpy matmul"] > 0.1, share  # BLAS does use other threads


def test_001_numpy_has_no_gpu_device(tmp_path):
    found = run_program("""
        import json
        import numpy as np
        try:
            np.ones(3).to_device("cuda")
            refused = None
        except ValueError as error:
            refused = str(error)
        print(json.dumps({"devices": np.__array_namespace_info__().devices(),
                          "refused": refused}))
        """, tmp_path)
    assert found["devices"] == ["cpu"], found
    assert found["refused"] == "Unsupported device: cuda. Only 'cpu' is accepted.", found
