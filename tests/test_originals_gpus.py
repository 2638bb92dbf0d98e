"""Prove, for the original listing of the GPUs chapter, what is wrong with
it (or what it really does). This suite runs without a GPU, so the tests
run the listing's CPU path, which is the path the listing itself takes
where torch.cuda.is_available() is False."""

import ast

from originals import ORIGINALS, proves
from runner import run_script

MODEL_TO_GPU = "001_gpu_model_to_device.py"


def run_it(tmp_path, timeout=60):
    run = run_script(ORIGINALS / MODEL_TO_GPU, tmp_path, timeout=timeout)
    assert run.returncode == 0, run.stderr
    return run


def test_001_gpu_without_cuda_it_falls_back_to_the_cpu(tmp_path, monkeypatch):
    # The `if torch.cuda.is_available():` guard is a working CPU fallback:
    # with no GPU (hidden, should the suite run on a machine that has one),
    # it prints the whole 100 x 2 result.
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    run = run_it(tmp_path)
    lines = run.stdout.splitlines()
    assert len(lines) == 100 and lines[0].startswith("tensor([["), run.stdout
    assert "device=" not in run.stdout, run.stdout  # a CPU tensor does not name its device


@proves(MODEL_TO_GPU, en="it prints 200 random numbers, never seeded: two runs print different output",
        zh="它打印 200 个从未设过种子的随机数：运行两次，输出不同")
def test_001_gpu_prints_different_numbers_on_each_run(tmp_path):
    first, second = run_it(tmp_path).stdout, run_it(tmp_path).stdout
    assert first != second, "two runs printed the same output: is the generator seeded?"


@proves(MODEL_TO_GPU, en="its forward pass records an autograd graph (grad_fn=<AddmmBackward0>) "
        "that nothing uses: the listing never calls backward()",
        zh="前向传播记录了一张自动求导计算图（grad_fn=<AddmmBackward0>），"
        "却没有任何代码用到它：清单从不调用 backward()")
def test_001_gpu_records_an_autograd_graph_it_never_uses(tmp_path):
    run = run_it(tmp_path)
    assert run.stdout.rstrip().endswith("grad_fn=<AddmmBackward0>)"), run.stdout[-200:]
    calls = {node.func.attr for node in ast.walk(ast.parse((ORIGINALS / MODEL_TO_GPU).read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
    assert "backward" not in calls and "no_grad" not in calls and "inference_mode" not in calls, calls


# --- 001, section 三: processes for the subtasks, threads for I/O inside each --
# The listing is shown, and its other defects proved, on the Processes page
# (tests/test_originals_processes.py). The Processes and threads together
# chapter proves what it says about combining the two.

TRAIN_PARTS = "001_processes_train_parts.py"

WRAPPER = """
import multiprocessing.pool, os, runpy, sys, time
time.sleep = lambda seconds: None
os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})  # one usable core
real_init = multiprocessing.pool.Pool.__init__

def counting_init(self, *args, **kwargs):
    real_init(self, *args, **kwargs)
    print(f"workers: {{len(self._pool)}}, usable cores: {{len(os.sched_getaffinity(0))}}",
          file=sys.stderr, flush=True)

multiprocessing.pool.Pool.__init__ = counting_init
runpy.run_path({original!r}, run_name="__main__")
"""


@proves(TRAIN_PARTS, en="the threads for I/O it describes are only a comment: the listing uses no thread at all",
        zh="它描述的 I/O 线程只是一行注释：清单里根本没有线程")
def test_001_parts_the_io_threads_are_only_a_comment():
    source = (ORIGINALS / TRAIN_PARTS).read_text(encoding="utf-8")
    assert "# 这里可能包含多线程用于I/O操作" in source
    names = {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name)}
    names |= {alias.name for node in ast.walk(ast.parse(source))
              if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    assert not names & {"threading", "Thread", "ThreadPoolExecutor", "ThreadPool"}, names


@proves(TRAIN_PARTS, en="Pool(4) assumes four cores: on a process allowed one core it still starts four workers",
        zh="Pool(4) 假定有四个核心：进程只能用一个核心时，它照样启动四个工作进程")
def test_001_parts_starts_four_workers_whatever_the_cores(tmp_path):
    wrapper = tmp_path / f"run_{TRAIN_PARTS}"
    wrapper.write_text(WRAPPER.format(original=str(ORIGINALS / TRAIN_PARTS)), encoding="utf-8")
    run = run_script(wrapper, tmp_path, method="fork", timeout=60)  # it runs only under fork
    assert run.returncode == 0, run.stderr
    assert "workers: 4, usable cores: 1" in run.stderr, run.stderr
