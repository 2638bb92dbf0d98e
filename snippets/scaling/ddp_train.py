import datetime
import gc
import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

EPOCHS = 3
# Bounds the rendezvous and every collective: a rank that never arrives
# makes the others fail with an error instead of waiting (default: 30 min).
TIMEOUT = datetime.timedelta(seconds=60)


def make_dataset():
    # Every rank builds the same data; the sampler gives each rank its share.
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(64, 4, generator=generator)
    y = x @ torch.tensor([[1.0], [-2.0], [3.0], [0.5]])
    return TensorDataset(x, y)


def train(rank, world_size):
    torch.manual_seed(0)  # the same initial weights on every rank
    dataset = make_dataset()
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank,
                                 shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=8, sampler=sampler)
    model = DistributedDataParallel(torch.nn.Linear(4, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    lines = []
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every rank
        steps = 0
        for x, y in loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()  # DDP averages the gradients across the ranks here
            optimizer.step()
            steps += 1
        lines.append(f"epoch {epoch}: rank {rank} ran {steps} steps on samples "
                     f"{list(sampler)[:4]}..., last loss {loss.item():.3f}")

    # Are the replicas still identical? Gather one checksum from every rank.
    checksum = torch.stack([p.detach().double().sum() for p in model.parameters()]).sum()
    checksums = [torch.zeros_like(checksum) for _ in range(world_size)]
    dist.all_gather(checksums, checksum)
    return lines, checksums


def run(rank, world_size):
    """One rank's work, once its process group is initialized."""
    try:
        lines, checksums = train(rank, world_size)
    finally:
        # Free the DDP model (it refers to the process group) before destroying
        # the group, and keep the tensors of the last collective until then:
        # otherwise gloo's threads may release them while Python shuts down,
        # and the rank aborts ("terminate called without an active exception").
        gc.collect()
        dist.destroy_process_group()
    if rank == 0:  # print from one rank only
        print("\n".join(lines))
        print(f"world size {world_size}; parameters identical on every rank:",
              all(torch.equal(c, checksums[0]) for c in checksums))


def spawned_rank(rank, world_size, port):
    # torch.multiprocessing.start_processes calls fn(rank, *args).
    torch.set_num_threads(1)  # two ranks on two cores: one thread each
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}",
                            rank=rank, world_size=world_size, timeout=TIMEOUT)
    run(rank, world_size)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))  # the OS picks a free port
        return s.getsockname()[1]


if __name__ == "__main__":
    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
        # Started by torchrun, which sets RANK, WORLD_SIZE, LOCAL_RANK,
        # MASTER_ADDR and MASTER_PORT (and OMP_NUM_THREADS, if unset):
        # init_process_group reads them (init_method "env://").
        dist.init_process_group("gloo", timeout=TIMEOUT)
        run(dist.get_rank(), dist.get_world_size())
    else:
        # Started as `python ddp_train.py`: start two ranks on this machine,
        # with this interpreter's start method (mp.spawn would force spawn).
        mp.start_processes(spawned_rank, args=(2, free_port()), nprocs=2, join=True,
                           start_method=mp.get_start_method())
