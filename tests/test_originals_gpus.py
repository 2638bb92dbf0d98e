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


def test_001_gpu_without_cuda_it_falls_back_to_the_cpu(tmp_path):
    # The `if torch.cuda.is_available():` guard is a working CPU fallback:
    # here, with no GPU, it prints the whole 100 x 2 result.
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
