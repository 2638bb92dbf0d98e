"""Copy the next batch to the device while it computes on this one.

On a GPU: each batch sits in pinned (page-locked) memory, so that the copy
can be asynchronous (non_blocking=True); the copy is queued on a second CUDA
stream, so that it can run while the default stream computes; and the
default stream waits for the copy before it uses the batch. On the CPU the
same code copies nothing and prints the same."""

import torch

BATCHES = 8
ROWS = 512


def make_batches(pin: bool) -> list[torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    batches = []
    for _ in range(BATCHES):
        batch = torch.randn(ROWS, 64, generator=generator)
        batches.append(batch.pin_memory() if pin else batch)  # pinning needs a GPU
    return batches


def sums_on(device: torch.device, batches: list[torch.Tensor], weight: torch.Tensor) -> torch.Tensor:
    cuda = device.type == "cuda"
    copy_stream = torch.cuda.Stream(device) if cuda else None
    weight = weight.to(device)

    def start_copy(batch):
        if not cuda:
            return batch.to(device)  # the CPU: the same tensor, no copy
        with torch.cuda.stream(copy_stream):
            return batch.to(device, non_blocking=True)  # queued; returns at once

    sums = []
    upcoming = start_copy(batches[0])
    for i in range(len(batches)):
        current = upcoming
        if cuda:
            compute = torch.cuda.current_stream(device)
            compute.wait_stream(copy_stream)  # the batch must have arrived
            current.record_stream(compute)  # used on this stream: free it only after
        if i + 1 < len(batches):
            upcoming = start_copy(batches[i + 1])  # runs during the product below
        sums.append((current @ weight).sum())
    return torch.stack(sums).cpu()  # .cpu() waits for the GPU


if __name__ == "__main__":
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    batches = make_batches(pin=device.type == "cuda")
    weight = torch.randn(64, 64, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        sums = sums_on(device, batches, weight)
        expected = torch.stack([(batch @ weight).sum() for batch in batches])
    print(f"batches in: {len(batches)}, sums out: {len(sums)}")
    print("same sums as on the CPU:", torch.allclose(sums, expected, rtol=1e-4, atol=1e-2))
