"""Processes for the CPU work, threads for the I/O inside each process, and
no more busy threads in all than cores.

The parent writes shard files into a temporary directory (standing in for a
dataset on a disk or a network share). A process pool gets one task per
shard. Inside each task, a small thread pool reads the shard's files: a
thread that waits for I/O releases the GIL, so the reads overlap. Then the
process does the CPU work, with NumPy. Each worker limits NumPy's BLAS
threads in the pool's initializer, so that processes x BLAS threads stays
within the cores this program may use. One shard is broken on purpose: its
error travels from a reader thread, through its worker process, to the
parent, which reports it and carries on."""

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

SHARDS = 4
FILES_PER_SHARD = 6
ROWS_PER_FILE = 100
IO_THREADS = 4  # they mostly wait, so they need no core of their own


def usable_cores() -> int:
    """The cores this process may run on, not those of the machine."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13 and later
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def file_rows(shard: int, index: int) -> np.ndarray:
    rng = np.random.default_rng(1000 * shard + index)
    return rng.standard_normal((ROWS_PER_FILE, 64), dtype=np.float32)


def write_dataset(root: Path) -> list[Path]:
    shard_dirs = []
    for shard in range(SHARDS):
        shard_dir = root / f"shard-{shard}"
        shard_dir.mkdir()
        for index in range(FILES_PER_SHARD):
            (shard_dir / f"part-{index}.bin").write_bytes(file_rows(shard, index).tobytes())
        shard_dirs.append(shard_dir)
    broken = root / "shard-broken"
    broken.mkdir()
    (broken / "part-0.bin").mkdir()  # a directory where a file should be: reading it fails
    shard_dirs.append(broken)
    return shard_dirs


def init_worker(blas_threads: int) -> None:
    # This module imports NumPy at module level, so every worker has loaded it
    # before this runs (spawn and forkserver import this module first, fork
    # copies the parent): OMP_NUM_THREADS would come too late. threadpoolctl
    # changes the limit of the loaded library now.
    threadpool_limits(limits=blas_threads)


def read_file(path: Path) -> bytes:
    return path.read_bytes()


def process_shard(shard_dir: Path) -> dict:
    paths = sorted(shard_dir.glob("*.bin"))
    with ThreadPoolExecutor(max_workers=IO_THREADS) as io_pool:
        # map() re-raises here the first error a read raised
        blobs = list(io_pool.map(read_file, paths, timeout=30))
    rows = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(-1, 64)
    gram = rows.T @ rows  # the CPU work, in BLAS
    return {"files": len(paths), "rows": rows.shape[0], "trace": float(np.trace(gram)),
            "blas_threads": max(info["num_threads"] for info in threadpool_info())}


def expected_trace(shard: int) -> float:
    return float(sum(np.square(file_rows(shard, i), dtype=np.float64).sum()
                     for i in range(FILES_PER_SHARD)))


if __name__ == "__main__":
    cores = usable_cores()
    processes = min(SHARDS, cores)
    blas_threads = max(1, cores // processes)
    with tempfile.TemporaryDirectory() as tmp:
        shard_dirs = write_dataset(Path(tmp))
        with ProcessPoolExecutor(max_workers=processes, initializer=init_worker,
                                 initargs=(blas_threads,)) as pool:
            futures = {shard_dir.name: pool.submit(process_shard, shard_dir)
                       for shard_dir in shard_dirs}
            results, errors = {}, {}
            for name, future in futures.items():
                try:
                    results[name] = future.result(timeout=60)
                except OSError as error:  # raised in a reader thread of a worker
                    errors[name] = type(error).__name__
    print(f"shards in: {len(shard_dirs)}, results: {len(results)}, errors: {len(errors)}")
    for shard in range(SHARDS):
        result = results[f"shard-{shard}"]
        matches = abs(result["trace"] - expected_trace(shard)) <= 1e-4 * expected_trace(shard)
        print(f"shard-{shard}: {result['files']} files, {result['rows']} rows, trace matches: {matches}")
    for name, error in errors.items():
        print(f"{name}: failed with {error}")
    used = max(result["blas_threads"] for result in results.values())
    print("processes x BLAS threads <= cores:", processes * used <= cores)
