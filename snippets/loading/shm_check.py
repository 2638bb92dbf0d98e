"""Is /dev/shm big enough for a DataLoader? With num_workers > 0, the
batches a worker has made wait in shared memory until the training process
is done with them: prefetch_factor batches per worker, plus the one in use.
Put your own batch shape and loader settings in the constants."""

import math
import os

# Output varies: the size of /dev/shm is this machine's, the same on every run.
BATCH_SHAPE = (64, 3, 224, 224)  # one batch of images
BYTES_PER_VALUE = 4  # float32
NUM_WORKERS = 2
PREFETCH_FACTOR = 2  # the DataLoader's default when num_workers > 0
DOCKER_DEFAULT_MIB = 64  # what `docker run` gives /dev/shm without --shm-size


def verdict(room, needed):
    return "big enough" if room >= needed else "too small"


if __name__ == "__main__":
    batch_mib = math.prod(BATCH_SHAPE) * BYTES_PER_VALUE / 2**20
    needed = NUM_WORKERS * PREFETCH_FACTOR + 1  # prefetched, plus the one in use
    print(f"one batch: {batch_mib:.1f} MiB; prefetched and in use: {needed} batches,"
          f" {needed * batch_mib:.1f} MiB")
    docker_room = math.floor(DOCKER_DEFAULT_MIB / batch_mib)
    print(f"Docker's default /dev/shm, {DOCKER_DEFAULT_MIB} MiB: room for {docker_room}"
          f" of {needed} batches: {verdict(docker_room, needed)}")
    shm = os.statvfs("/dev/shm")
    size_mib = shm.f_frsize * shm.f_blocks / 2**20
    free_mib = shm.f_frsize * shm.f_bavail / 2**20
    room = math.floor(free_mib / batch_mib)
    # This machine's verdict depends on its /dev/shm: compare the two numbers.
    print(f"/dev/shm here: {free_mib:.0f} MiB free of {size_mib:.0f} MiB:"
          f" room for {room} of {needed} batches")
