"""Is /dev/shm big enough for a DataLoader? With num_workers > 0, every
batch a worker has made waits in shared memory until the training process
is done with it: up to prefetch_factor batches per worker, plus the one in
use. Put your own batch shape and loader settings in the constants."""

import math
import os

# Output varies: the size of /dev/shm is this machine's, the same on every run.
BATCH_SHAPE = (64, 3, 224, 224)  # one batch of images
BYTES_PER_VALUE = 4  # float32
NUM_WORKERS = 2
PREFETCH_FACTOR = 2  # the DataLoader's default when num_workers > 0

if __name__ == "__main__":
    batch_mib = math.prod(BATCH_SHAPE) * BYTES_PER_VALUE / 2**20
    batches = NUM_WORKERS * PREFETCH_FACTOR + 1
    need_mib = batches * batch_mib
    shm = os.statvfs("/dev/shm")
    size_mib = shm.f_frsize * shm.f_blocks / 2**20
    free_mib = shm.f_frsize * shm.f_bavail / 2**20
    print(f"one batch: {batch_mib:.1f} MiB; in shared memory at once: up to {batches} batches,"
          f" {need_mib:.1f} MiB")
    print(f"/dev/shm: {free_mib:.0f} MiB free of {size_mib:.0f} MiB")
    print("/dev/shm smaller than this loader needs:", "yes" if free_mib < need_mib else "no")
