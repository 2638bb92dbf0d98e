"""Timing that is right on a CPU and on a GPU. CUDA operations are queued
and run later, so a clock read right after them measures the queuing, not
the work: wait for the GPU (torch.cuda.synchronize()) before starting the
clock and before stopping it. On the CPU there is nothing to wait for."""

import time
from contextlib import contextmanager

import torch


def synchronize(device: torch.device) -> None:
    """Wait until the device has finished everything queued on it."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


@contextmanager
def timed(device: torch.device, times: dict, name: str):
    synchronize(device)  # work queued before the block must not count
    start = time.perf_counter()
    try:
        yield
    finally:
        synchronize(device)  # wait for the work queued inside the block
        times[name] = time.perf_counter() - start


if __name__ == "__main__":
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(0)
    x = torch.randn(256, 256, device=device)
    times = {}
    with torch.inference_mode():
        y = x @ x  # warm-up: the first call pays one-off costs
        with timed(device, times, "matmuls"):
            for _ in range(20):
                y = x @ x
    print(f"20 products of 256x256 matrices: {times['matmuls'] * 1000:.3f} ms")
    print("result shape:", tuple(y.shape))
