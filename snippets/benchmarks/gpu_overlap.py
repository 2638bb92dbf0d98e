"""GPU: copying batches to the GPU while it computes on the previous one.
Sequential: copy a batch, then compute on it. Overlapped: pinned host
memory and a second CUDA stream, so the next copy runs during the compute.
The copies alone and the compute alone are timed too, in the same rounds:
overlapping can at best hide the shorter of the two behind the longer, so
the ideal is (copy + compute) / max(copy, compute). GPU work is
asynchronous: the clock stops only after torch.cuda.synchronize(), or it
would time the launch, not the work."""

import torch

from timing import Benchmark, sizes

# Output varies: sizes depend on BENCH_MODE.
BATCHES = sizes(tiny=4, quick=32, full=64)
ROWS = sizes(tiny=256, quick=8192, full=16384)  # each batch is ROWS x 1024 float32


def main():
    bench = Benchmark("gpu_overlap", f"{BATCHES} batches of {ROWS}x1024 float32: copy, then matmul",
                      rounds=sizes(tiny=1, quick=7, full=9))
    if not torch.cuda.is_available():
        bench.skip("CUDA is not available on this machine")
        return

    device = torch.device("cuda")
    weight = torch.randn(1024, 1024, device=device)
    host = [torch.randn(ROWS, 1024).pin_memory() for _ in range(BATCHES)]
    on_device = [batch.to(device) for batch in host]  # for the compute alone
    copy_stream = torch.cuda.Stream()

    def copies_only():
        for batch in host:
            batch.to(device)
        torch.cuda.synchronize()

    def compute_only():
        total = torch.zeros((), device=device)
        for batch in on_device:
            total += (batch @ weight).sum()
        torch.cuda.synchronize()
        return total.item()

    def sequential():
        total = torch.zeros((), device=device)
        for batch in host:
            on_gpu = batch.to(device)  # from pinned memory, but waited for
            torch.cuda.current_stream().synchronize()
            total += (on_gpu @ weight).sum()
        torch.cuda.synchronize()
        return total.item()

    def overlapped():
        total = torch.zeros((), device=device)
        with torch.cuda.stream(copy_stream):
            nxt = host[0].to(device, non_blocking=True)
        for i in range(BATCHES):
            torch.cuda.current_stream().wait_stream(copy_stream)
            current = nxt
            current.record_stream(torch.cuda.current_stream())
            if i + 1 < BATCHES:
                with torch.cuda.stream(copy_stream):
                    nxt = host[i + 1].to(device, non_blocking=True)
            total += (current @ weight).sum()
        torch.cuda.synchronize()
        return total.item()

    expected = compute_only()
    for job in (sequential, overlapped):
        assert abs(job() - expected) <= 1e-3 * abs(expected) + 1e-3, job.__name__

    def ideal(medians):
        """Both parts fully overlapped: only the longer one is left."""
        copy, compute = medians["copies alone"], medians["compute alone"]
        return (copy + compute) / max(copy, compute)

    bench.add("copy, then compute", sequential, baseline=True)
    bench.add("copy overlapped with compute", overlapped, workers=2, ideal=ideal,
              recommended=True)
    bench.add("copies alone", copies_only, ideal=None)
    bench.add("compute alone", compute_only, ideal=None)
    bench.run()
    bench.report()


if __name__ == "__main__":
    main()
