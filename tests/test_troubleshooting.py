"""The Troubleshooting page (常见错误): a reader who pastes an error message
into the site's search box finds the entry headed by it, and each heading's
message is what Python and PyTorch really print.

Each entry is a heading below the title with an explicit id. The message is
the heading's inline code (`...`); a heading without inline code names a
behaviour, not a message."""

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import pages
import test_site
from conftest import CONFIGS
from pages import LANGUAGES

PAGE = "troubleshooting.md"
LOCATION = "troubleshooting/"  # the page's location in the search index
ENTRY = re.compile(r"^##\s+(.*?)\s*\{#([\w-]+)\}\s*$")
CODE_SPAN = re.compile(r"`([^`]+)`")


def entries(language: str) -> list[tuple[str, list[str]]]:
    """(heading id, messages) for each entry, in page order."""
    found = []
    for line in (pages.DOCS / language / PAGE).read_text(encoding="utf-8").splitlines():
        m = ENTRY.match(line)
        if m:
            found.append((m.group(2), CODE_SPAN.findall(m.group(1))))
    return found


def messages(language: str) -> list[tuple[str, str]]:
    return [(entry, message) for entry, found in entries(language) for message in found]


# --- Search ------------------------------------------------------------------

def index_of(site: Path, language: str) -> dict:
    return json.loads((site / CONFIGS[language][1] / "search" / "search_index.json")
                      .read_text(encoding="utf-8"))


def browser_tokens(site: Path, language: str) -> set[str]:
    """The page's tokens as Material's search worker makes them."""
    return test_site.search_tokens(site, CONFIGS[language][1]).get(LOCATION, set())


def query_words(site: Path, language: str, message: str) -> list[str]:
    """The words a pasted message is searched for: Material splits the
    query by the same separator (transformSearchQuery) and lunr lower-cases
    each term."""
    separator = re.compile(index_of(site, language)["config"]["separator"])
    return [w.lower() for w in separator.split(message) if w]


def test_every_entry_is_headed_by_the_same_messages_in_both_languages():
    en, zh = messages("en"), messages("zh")
    assert en, f"no message in the headings of docs/en/{PAGE}"
    assert en == zh, ("the zh page keeps the exact (English) messages in its headings, "
                      f"in the same entries:\nen: {en}\nzh: {zh}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("entry, message", messages("en"))
def test_pasting_the_message_finds_the_entry(site, language, entry, message):
    tokens = browser_tokens(site, language)
    missing = [w for w in query_words(site, language, message) if w not in tokens]
    assert not missing, (
        f"{language}: searching {message!r} would not match {missing} on {LOCATION}. "
        f"The heading #{entry} must show the message in plain inline code, on both pages; "
        f"the index stores <, > and & as entities, so a pasted word that contains one "
        f"(such as <module) never matches: keep such words out of the heading")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_heading_shows_its_message_verbatim(site, language):
    html = site / CONFIGS[language][1] / "troubleshooting" / "index.html"
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    wrong = []
    for entry, found in entries(language):
        heading = page.find(id=entry)
        shown = [code.get_text() for code in heading.find_all("code")] if heading else None
        if shown != found:
            wrong.append(f"#{entry}: source {found}, page {shown}")
    assert not wrong, f"{html}:\n" + "\n".join(wrong)


# --- The messages are real -----------------------------------------------------
#
# Each entry has a small program here that makes Python or PyTorch print its
# message (or show its behaviour), run with this suite's Python. Where a
# message contains a count that depends on the machine, digits compare as
# digits.

# A terminal's Ctrl-C raises KeyboardInterrupt even where this suite was
# started with SIGINT ignored (a background job): put the default back.
CTRL_C_READY = "import signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"

REPRODUCTIONS = {
    "output-order": None,  # which order comes out varies: tests/test_originals.py shows it
    "started-once": dict(mode="exits", code="""
        import threading

        worker = threading.Thread(target=print, args=("once",))
        worker.start()
        worker.join()
        worker.start()
        """),
    "exception-in-thread": dict(mode="exits", code="""
        import threading

        def load_shard(shard):
            raise OSError(f"shard {shard}: disk not mounted")

        worker = threading.Thread(target=load_shard, args=(3,))
        worker.start()
        worker.join()
        print("join() returned")
        """),
    "timeout-error": dict(mode="hangs", code="""
        import threading
        from concurrent.futures import ThreadPoolExecutor

        never = threading.Event()  # nobody sets it: the task is stuck
        pool = ThreadPoolExecutor(max_workers=1)
        future = pool.submit(never.wait)
        future.result(timeout=0.5)
        """),
    "does-not-exit": dict(mode="hangs", interrupt=True, shows=["_queue.Empty"],
                          after_ctrl_c=["_shutdown", "KeyboardInterrupt:"], code="""
        import queue
        import threading
        import time

        def prefetch(batches, stop):  # the Threads chapter's prefetcher, slower
            batch = 0
            while not stop.is_set():
                time.sleep(0.1)
                try:
                    batches.put(f"batch-{batch}", timeout=0.05)
                    batch += 1
                except queue.Full:
                    pass

        batches = queue.Queue(maxsize=2)
        stop = threading.Event()
        prefetcher = threading.Thread(target=prefetch, args=(batches, stop))
        prefetcher.start()
        for _ in range(3):  # no try/finally: nothing sets `stop` when this raises
            print("training on", batches.get(timeout=0.01))
        stop.set()
        prefetcher.join(timeout=5)
        """),
    "too-many-workers": dict(mode="exits", code="""
        import os

        import torch
        from torch.utils.data import DataLoader, TensorDataset

        if __name__ == "__main__":
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one usable core
            loader = DataLoader(TensorDataset(torch.arange(8)), batch_size=4,
                                num_workers=4)
            print(sum(len(batch[0]) for batch in loader))
        """),
    "leaked-semaphores": dict(mode="exits", code="""
        import os
        import signal
        import time

        import torch
        from torch.utils.data import DataLoader, Dataset

        class Slow(Dataset):
            def __len__(self):
                return 1000

            def __getitem__(self, index):
                time.sleep(0.01)
                return torch.tensor([index])

        if __name__ == "__main__":
            loader = DataLoader(Slow(), batch_size=4, num_workers=2,
                                multiprocessing_context="spawn")
            for step, batch in enumerate(loader):
                if step == 5:
                    os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does
        """),
    "items-go-missing": dict(mode="exits", shows=["items lost: yes"], code="""
        import queue
        import sys
        import threading
        import time

        q = queue.Queue()
        consumed = []

        def producer():
            for item in range(5):
                time.sleep(0.05)  # each item takes a moment to make
                q.put(item)

        def consumer():
            while not q.empty():  # the ApX listing's loop
                consumed.append(q.get())

        threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=5)
        print(f"produced 5, consumed {len(consumed)}", file=sys.stderr)
        print("items lost:", "yes" if len(consumed) < 5 else "no", file=sys.stderr)
        """),
    "queue-join-hangs": dict(mode="hangs", interrupt=True,
                             shows=["ValueError: cannot decode 'bad'"],
                             after_ctrl_c=["self.all_tasks_done.wait()", "KeyboardInterrupt"],
                             code="""
        import queue
        import threading

        def decode(item):
            if item == "bad":
                raise ValueError(f"cannot decode {item!r}")
            return item.upper()

        def worker(q, results):
            while True:
                item = q.get()
                results.append(decode(item))  # raises on "bad": task_done() never runs
                q.task_done()

        q = queue.Queue()
        results = []
        threading.Thread(target=worker, args=(q, results)).start()  # not a daemon
        for item in ["cat", "bad", "dog"]:
            q.put(item)
        q.join()  # waits for three task_done() calls; only one will come
        print("all done:", results)
        """),
    "queue-empty": dict(mode="exits", code="""
        import queue

        q = queue.Queue()
        q.get(timeout=0.1)  # nothing arrives in time
        """),
    "queue-full": dict(mode="exits", code="""
        import queue

        q = queue.Queue(maxsize=2)
        q.put("batch-0")
        q.put("batch-1")
        q.put("batch-2", timeout=0.1)  # nobody takes one out in time
        """),
    "after-shutdown": dict(mode="exits", code="""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2) as pool:
            first = pool.submit(sum, [1, 2])
        print(first.result())
        pool.submit(sum, [3, 4])  # the with block has shut the pool down
        """),
    "after-interpreter-shutdown": dict(mode="exits", shows=[
        "Exception in thread Thread-1 (producer):"], code="""
        import threading
        import time
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=2)

        def producer():
            time.sleep(0.5)  # the main thread has finished by now
            pool.submit(print, "late task")

        threading.Thread(target=producer).start()
        print("main thread done")
        """),
    "broken-thread-pool": dict(mode="exits", shows=[
        "Exception in initializer:", "ConnectionError: database unreachable"], code="""
        from concurrent.futures import ThreadPoolExecutor

        def connect():
            raise ConnectionError("database unreachable")

        with ThreadPoolExecutor(max_workers=1, initializer=connect) as pool:
            future = pool.submit(print, "never runs")
            future.result(timeout=5)
        """),
    "silent-task-exception": dict(mode="exits", shows=[
        "stderr while the task failed: ''"], code="""
        import contextlib
        import io
        import sys
        from concurrent.futures import ThreadPoolExecutor

        def load(shard):
            raise OSError(f"shard {shard}: disk not mounted")

        captured = io.StringIO()
        with contextlib.redirect_stderr(captured):
            with ThreadPoolExecutor(max_workers=2) as pool:
                pool.submit(load, 3)  # the future is thrown away
        print("stderr while the task failed:", repr(captured.getvalue()), file=sys.stderr)
        """),
    "futures-unfinished": dict(mode="exits", code="""
        import time
        from concurrent.futures import ThreadPoolExecutor, as_completed

        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = [pool.submit(time.sleep, seconds) for seconds in (0, 2, 2)]
            for future in as_completed(futures, timeout=0.5):
                future.result()
        """),
    "release-unlocked-lock": dict(mode="exits", code="""
        import threading

        lock = threading.Lock()
        lock.acquire()
        lock.release()
        lock.release()  # a second release for one acquire
        """),
    "release-un-acquired-lock": dict(mode="exits", code="""
        import threading

        rlock = threading.RLock()
        with rlock:
            pass
        rlock.release()  # more releases than acquires
        """),
    "semaphore-released-too-many-times": dict(mode="exits", code="""
        import threading

        downloads = threading.BoundedSemaphore(2)
        downloads.acquire()
        try:
            raise OSError("download failed")
        except OSError:
            downloads.release()
        finally:
            downloads.release()  # the slot is given back twice
        """),
    "broken-barrier": dict(mode="exits", code="""
        import threading

        barrier = threading.Barrier(2, timeout=0.5)  # the other rank never arrives
        barrier.wait()
        """),
    "lock-left-held": dict(mode="hangs", shows=["ValueError: step 0: loss is NaN"],
                           first_ctrl_c=["KeyboardInterrupt"], interrupt=True,
                           after_ctrl_c=["_shutdown", "KeyboardInterrupt:"], code="""
        import threading

        lock = threading.Lock()

        def update(step):
            lock.acquire()
            if step == 0:
                raise ValueError(f"step {step}: loss is NaN")  # the lock stays held
            lock.release()

        first = threading.Thread(target=update, args=(0,))
        first.start()
        first.join()
        others = [threading.Thread(target=update, args=(step,)) for step in (1, 2)]
        for thread in others:
            thread.start()
        for thread in others:
            thread.join()
        """),
    "lock-order-deadlock": dict(mode="hangs", first_ctrl_c=["KeyboardInterrupt"], interrupt=True,
                                after_ctrl_c=["_shutdown", "KeyboardInterrupt:"], code="""
        import threading

        cache_lock = threading.Lock()
        stats_lock = threading.Lock()
        both_hold_one = threading.Barrier(2)  # as an unlucky schedule would

        def update(first, second):
            with first:
                both_hold_one.wait()
                with second:
                    pass

        threads = [threading.Thread(target=update, args=(cache_lock, stats_lock)),
                   threading.Thread(target=update, args=(stats_lock, cache_lock))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        """),
    "lost-updates": dict(mode="exits", shows=["lost updates: yes"], code="""
        import sys
        import threading
        import time

        metrics = {"batches": 0}
        start = threading.Barrier(4)

        def count_batches():
            start.wait()
            for _ in range(500):
                seen = metrics["batches"]
                time.sleep(0)  # a call between the read and the write
                metrics["batches"] = seen + 1

        threads = [threading.Thread(target=count_batches) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        lost = metrics["batches"] < 4 * 500
        print("lost updates:", "yes" if lost else "no", file=sys.stderr)
        """),
    "leaked-shared-memory": dict(mode="exits", code="""
        from multiprocessing import shared_memory

        block = shared_memory.SharedMemory(create=True, size=1024)
        block.buf[0] = 1
        block.close()  # closed, but never unlinked
        """),
    "shared-memory-not-found": dict(mode="exits", code="""
        import os
        from multiprocessing import shared_memory

        name = f"batches-{os.getpid()}"
        block = shared_memory.SharedMemory(name=name, create=True, size=1024)
        block.close()
        block.unlink()
        shared_memory.SharedMemory(name=name)  # attach after the unlink
        """),
    "join-hangs-queue": dict(mode="hangs", shows=["worker: put its result, returning"], code="""
        import sys
        from multiprocessing import Process, Queue

        def produce(results):
            results.put(b"x" * 1_000_000)  # more than the pipe holds
            print("worker: put its result, returning", file=sys.stderr, flush=True)

        if __name__ == "__main__":
            results = Queue()
            worker = Process(target=produce, args=(results,))
            worker.start()
            worker.join()  # the worker waits for someone to get() its result
            print(len(results.get()))
        """),
    "pipe-eof": dict(mode="exits", shows=["    raise EOFError"], code="""
        import os
        from multiprocessing import Pipe, Process

        def send_batch(conn):
            os._exit(1)  # the child crashes before it sends

        if __name__ == "__main__":
            parent_conn, child_conn = Pipe()
            worker = Process(target=send_batch, args=(child_conn,))
            worker.start()
            child_conn.close()  # the parent's copy of the child's end
            print(parent_conn.recv())
        """),
    "recv-hangs": dict(mode="hangs", shows=["worker: exiting before it sends"], code="""
        import os
        import sys
        from multiprocessing import Pipe, Process

        def send_batch(conn):
            print("worker: exiting before it sends", file=sys.stderr, flush=True)
            os._exit(1)

        if __name__ == "__main__":
            parent_conn, child_conn = Pipe()  # the parent never closes child_conn
            worker = Process(target=send_batch, args=(child_conn,))
            worker.start()
            print(parent_conn.recv())
        """),
    "bootstrapping-phase": dict(mode="exits", code="""
        import multiprocessing

        def work():
            pass

        # No __main__ guard: the spawned child imports this module and runs this again.
        child = multiprocessing.get_context("spawn").Process(target=work)
        child.start()
        child.join(timeout=60)
        """),
    "broken-process-pool": dict(mode="exits", code="""
        import os
        import signal
        from concurrent.futures import ProcessPoolExecutor

        def preprocess(shard):
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer does

        if __name__ == "__main__":
            with ProcessPoolExecutor(max_workers=1) as pool:
                pool.submit(preprocess, 5).result(timeout=60)
        """),
    "cant-pickle-local-object": dict(mode="exits", code="""
        from concurrent.futures import ProcessPoolExecutor

        def main():
            def double(x):
                return 2 * x

            with ProcessPoolExecutor(max_workers=1) as pool:
                pool.submit(double, 1).result(timeout=60)

        if __name__ == "__main__":
            main()
        """),
    "daemonic-children": dict(mode="exits", code="""
        import multiprocessing

        def inner_pool(n):
            with multiprocessing.Pool(processes=1) as pool:
                return pool.map(abs, range(n))

        if __name__ == "__main__":
            with multiprocessing.Pool(processes=1) as pool:
                pool.map_async(inner_pool, [4]).get(timeout=60)
        """),
    "pool-map-hangs": dict(mode="hangs", shows=[
        "Exception in thread Thread-3 (_handle_results):",
        "TypeError: ShardError.__init__() missing 1 required positional argument: 'reason'"],
        code="""
        import multiprocessing

        class ShardError(Exception):
            def __init__(self, shard, reason):
                super().__init__(f"shard {shard}: {reason}")

        def load(shard):
            raise ShardError(shard, "corrupt header")

        if __name__ == "__main__":
            with multiprocessing.Pool(processes=2) as pool:
                print(pool.map(load, [3]))
        """),
    "fork-with-threads": None,  # Python 3.12 and later only; this suite runs 3.11
    "asyncio-run-in-running-loop": dict(mode="exits", shows=["coroutine 'main' was never awaited"],
                                        code="""
        import asyncio

        async def main():
            return "done"

        async def notebook_cell():  # Jupyter runs each cell inside a running loop
            asyncio.run(main())

        asyncio.run(notebook_cell())
        """),
    "coroutine-never-awaited": dict(mode="exits", code="""
        import asyncio

        async def fetch_data(url):
            await asyncio.sleep(0.01)
            return url

        async def main():
            fetch_data("http://127.0.0.1/data")  # the await is missing

        asyncio.run(main())
        """),
    "task-exception-never-retrieved": dict(mode="exits", shows=["OSError: shard 3: disk not mounted"],
                                           code="""
        import asyncio

        async def load(shard):
            raise OSError(f"shard {shard}: disk not mounted")

        async def main():
            asyncio.create_task(load(3))  # nobody awaits it
            await asyncio.sleep(0.1)

        asyncio.run(main())
        """),
    "event-loop-blocked": dict(mode="exits", shows=["heartbeats while the model ran: 0"], code="""
        import asyncio
        import sys

        import numpy as np

        weights = np.ones((512, 512), dtype=np.float32)

        def model(x):
            for _ in range(20):
                x = np.tanh(x @ weights / 512)
            return x

        async def heartbeat(ticks):
            while True:
                await asyncio.sleep(0.001)
                ticks.append(1)

        async def handle_request(ticks):
            before = len(ticks)
            model(np.ones((256, 512), dtype=np.float32))  # called inline
            return len(ticks) - before

        async def main():
            ticks = []
            beat = asyncio.create_task(heartbeat(ticks))
            await asyncio.sleep(0.01)
            beats = await handle_request(ticks)
            beat.cancel()
            print("heartbeats while the model ran:", beats, file=sys.stderr)

        asyncio.run(main())
        """),
    "interop-threads-already-set": dict(mode="exits", code="""
        import torch

        torch.set_num_interop_threads(2)
        torch.set_num_interop_threads(1)  # a second call
        """),
    "oversubscribed-workers": dict(mode="exits", shows=["oversubscribed: yes"], code="""
        import os
        import sys
        from concurrent.futures import ProcessPoolExecutor

        import numpy
        from threadpoolctl import threadpool_info

        def blas_threads(_):
            return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"][0]

        if __name__ == "__main__":
            cores = len(os.sched_getaffinity(0))
            with ProcessPoolExecutor(max_workers=cores) as pool:
                per_worker = max(pool.map(blas_threads, range(cores)))
            print("oversubscribed:", "yes" if cores * per_worker > cores else "no",
                  file=sys.stderr)
        """),
    "cuda-forked-subprocess": None,  # needs a CUDA GPU; the suite runs on CPU-only PyTorch
    "omp-num-threads-too-late": dict(mode="exits", shows=["OMP_NUM_THREADS=1 took effect: no"], code="""
        import os
        import sys
        from concurrent.futures import ProcessPoolExecutor
        import numpy  # loaded here: a worker has it before its initializer runs
        from threadpoolctl import threadpool_info
        def one_blas_thread_please():
            os.environ["OMP_NUM_THREADS"] = "1"  # read when the library loaded: too late
        def blas_threads():
            return max(info["num_threads"] for info in threadpool_info())
        if __name__ == "__main__":
            # on a machine with at least two usable cores, BLAS starts more than one thread
            with ProcessPoolExecutor(max_workers=1, initializer=one_blas_thread_please) as pool:
                threads = pool.submit(blas_threads).result(timeout=60)
            print("BLAS threads in the worker:", threads, file=sys.stderr)
            print("OMP_NUM_THREADS=1 took effect:", "yes" if threads == 1 else "no", file=sys.stderr)
        """),
    "pin-memory-no-accelerator": dict(mode="exits", code="""
        import os

        os.environ["CUDA_VISIBLE_DEVICES"] = ""  # no GPU, wherever this runs

        import torch
        from torch.utils.data import DataLoader, TensorDataset

        loader = DataLoader(TensorDataset(torch.arange(8)), batch_size=4, pin_memory=True)
        print(next(iter(loader))[0].is_pinned())
        """),
    "dataloader-pickle-error": dict(mode="exits", code="""
        import torch
        from torch.utils.data import DataLoader, TensorDataset

        collate = lambda samples: torch.stack([sample[0] for sample in samples])

        if __name__ == "__main__":
            loader = DataLoader(TensorDataset(torch.arange(8)), batch_size=4, num_workers=1,
                                collate_fn=collate, multiprocessing_context="spawn")
            for batch in loader:
                print(batch)
        """),
    "same-random-numbers-in-workers": dict(mode="exits", shows=["duplicates across workers: yes"],
                                           code="""
        import sys

        import numpy as np
        import torch
        from torch.utils.data import DataLoader, Dataset

        class RandomCrops(Dataset):
            def __init__(self):
                self.rng = np.random.default_rng()

            def __len__(self):
                return 8

            def __getitem__(self, index):
                return torch.tensor([index, self.rng.integers(0, 1_000_000)])

        if __name__ == "__main__":
            rows = torch.cat(list(DataLoader(RandomCrops(), num_workers=2, timeout=60)))
            offsets = dict(rows.tolist())
            worker_0 = {offsets[i] for i in range(0, 8, 2)}
            worker_1 = {offsets[i] for i in range(1, 8, 2)}
            print("duplicates across workers:", "yes" if worker_0 & worker_1 else "no",
                  file=sys.stderr)
        """),
    "worker-memory-grows": dict(mode="exits", shows=["grew as it read the list: yes"],
                                code="""
        import sys

        import torch
        from torch.utils.data import DataLoader, Dataset

        N = 1_000_000

        def private_mib():
            with open("/proc/self/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Private_Dirty:"):
                        return int(line.split()[1]) / 1024

        class PythonFloats(Dataset):
            def __init__(self):
                self.values = [float(i) for i in range(N)]

            def __len__(self):
                return 4

            def __getitem__(self, index):
                chunk = self.values[index * N // 4:(index + 1) * N // 4]
                return torch.tensor([sum(chunk), private_mib()], dtype=torch.float64)

        if __name__ == "__main__":  # fork, the default on Linux before Python 3.14
            rows = torch.cat(list(DataLoader(PythonFloats(), num_workers=1, timeout=60)))
            readings = rows[:, 1].tolist()
            floats_mib = N * 24 / 2**20  # 24 bytes per float object
            grew = readings[-1] - readings[0] > floats_mib / 4  # three chunks more were read
            print("grew as it read the list:", "yes" if grew else "no", file=sys.stderr)
        """),
    "too-many-open-files": dict(mode="exits", shows=[
        "RuntimeError: Too many open files. Communication with the workers is no longer possible."
        " Please increase the limit using `ulimit -n` in the shell or change the sharing strategy"
        " by calling `torch.multiprocessing.set_sharing_strategy('file_system')` at the beginning"
        " of your code"], code="""
        import resource

        import torch
        from torch.utils.data import DataLoader, Dataset

        class Rows(Dataset):
            def __len__(self):
                return 400

            def __getitem__(self, index):
                return torch.full((4,), index)

        if __name__ == "__main__":
            batches = iter(DataLoader(Rows(), batch_size=2, num_workers=2, timeout=60))
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))  # reach the limit soon
            kept = [batch for batch in batches]  # every batch kept, as it came
        """),
    "shm-allocation-failed": None,  # needs a smaller /dev/shm, which only root can mount;
    # reproduced by hand with `unshare -m` and a 64 MiB tmpfs (data-loading.md#dev-shm)
    "bus-error-shm": dict(mode="exits", code="""
        import os
        import signal

        import torch
        from torch.utils.data import DataLoader, Dataset

        class Crashing(Dataset):
            def __len__(self):
                return 4

            def __getitem__(self, index):
                os.kill(os.getpid(), signal.SIGBUS)  # a worker killed by a bus error

        if __name__ == "__main__":
            for batch in DataLoader(Crashing(), batch_size=2, num_workers=1, timeout=60):
                print(batch)
        """),
    "cprofile-missing-threads": dict(mode="exits", shows=[
        "worker results: 2", "tokenize in cProfile's output: False"], code="""
        import cProfile
        import io
        import pstats
        import sys
        from concurrent.futures import ThreadPoolExecutor

        def tokenize(n):
            return sum(i * i for i in range(n))

        profiler = cProfile.Profile()
        profiler.enable()
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(tokenize, [10_000, 20_000]))
        profiler.disable()
        output = io.StringIO()
        pstats.Stats(profiler, stream=output).print_stats()
        print("worker results:", len(results), file=sys.stderr)
        print("tokenize in cProfile's output:", "(tokenize)" in output.getvalue(), file=sys.stderr)
        """),
    "py-spy-missing-processes": dict(mode="exits", shows=[
        "main process sampled: True", "process_work sampled: False"], code="""
        import multiprocessing
        import os
        import subprocess
        import sys
        import sysconfig
        import tempfile
        import time

        def process_work(shard):
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                sum(i * i for i in range(5_000))
            return shard

        if __name__ == "__main__":
            if sys.argv[1:] == ["workload"]:
                with multiprocessing.Pool(processes=2) as pool:
                    pool.map_async(process_work, range(2)).get(timeout=60)
            else:
                py_spy = os.path.join(sysconfig.get_path("scripts"), "py-spy")
                with tempfile.TemporaryDirectory() as folder:
                    samples = os.path.join(folder, "samples.txt")
                    subprocess.run([py_spy, "record", "--idle", "--format", "raw", "--output", samples,
                                    "--", sys.executable, os.path.abspath(__file__), "workload"],
                                   check=True, capture_output=True, timeout=120)
                    with open(samples, encoding="utf-8") as file:
                        text = file.read()
                print("main process sampled:", "<module> (" in text, file=sys.stderr)
                print("process_work sampled:", "process_work (" in text, file=sys.stderr)
        """),
    "py-spy-permission-denied": dict(mode="exits", code="""
        import os
        import subprocess
        import sys
        import sysconfig

        # A process of root; py-spy runs as the user nobody and tries to attach.
        target = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            py_spy = os.path.join(sysconfig.get_path("scripts"), "py-spy")
            subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            py_spy, "dump", "--pid", str(target.pid)], timeout=60)
        finally:
            target.kill()
            target.wait(timeout=60)
        """),
    "cant-get-attribute-main": dict(mode="exits", shows=[
        "AttributeError: Can't get attribute 'DigitFiles' on <module '__main__' (built-in)>",
        "RuntimeError: DataLoader worker (pid(s) 12345) exited unexpectedly"], code="""
        import subprocess
        import sys

        # What a notebook cell does: code run in a __main__ that has no file.
        CELL = '''
        import torch
        from torch.utils.data import DataLoader, Dataset

        class DigitFiles(Dataset):
            def __len__(self):
                return 4

            def __getitem__(self, index):
                return torch.tensor([index])

        loader = DataLoader(DigitFiles(), batch_size=2, num_workers=1,
                            multiprocessing_context="spawn", timeout=60)
        for batch in loader:
            print(batch)
        '''

        subprocess.run([sys.executable, "-c", CELL], timeout=120)
        """),
    "joblib-read-only": dict(mode="exits", code="""
        import numpy as np
        from joblib import Parallel, delayed

        def center(features, column):
            features[:, column] = features[:, column] - features[:, column].mean()

        if __name__ == "__main__":
            features = np.ones((100_000, 4))  # above max_nbytes='1M': memory-mapped, read-only
            Parallel(n_jobs=2)(delayed(center)(features, c) for c in range(4))
        """),
    "dask-large-graph": dict(mode="exits", shows=["This may cause some slowdown."], code="""
        import logging

        import numpy as np
        from dask.distributed import Client, LocalCluster

        def score(weights, shard):
            return float(weights[:10].sum()) + shard

        if __name__ == "__main__":
            with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None,
                              scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                              silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
                weights = np.ones(2_000_000)  # 16 MB, sent with the task
                print(client.submit(score, weights, 1).result(timeout=60))
        """),
    "dask-port-8787": dict(mode="exits", code="""
        import logging
        import socket

        from dask.distributed import Client, LocalCluster

        if __name__ == "__main__":
            other = socket.socket()  # another program holds port 8787
            try:
                other.bind(("127.0.0.1", 8787))
                other.listen()
            except OSError:
                pass  # something on this machine holds it already
            try:
                with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, Client(cluster):
                    pass
            finally:
                other.close()
        """),
    "ray-task-one-thread": dict(mode="exits", shows=[
        "OMP_NUM_THREADS in the task: '1'", "torch threads in the task: one"], code="""
        import logging
        import os
        import sys

        import ray

        @ray.remote
        def threads():
            import torch
            return os.environ.get("OMP_NUM_THREADS"), torch.get_num_threads()

        if __name__ == "__main__":
            os.environ.pop("OMP_NUM_THREADS", None)
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
            try:
                env, count = ray.get(threads.remote(), timeout=120)
            finally:
                ray.shutdown()
            print(f"OMP_NUM_THREADS in the task: {env!r}", file=sys.stderr)
            print("torch threads in the task:", "one" if count == 1 else count, file=sys.stderr)
        """),
    "ddp-address-in-use": dict(mode="exits", code="""
        import socket

        import torch.distributed as dist

        if __name__ == "__main__":
            other = socket.socket()  # another job holds the port
            other.bind(("127.0.0.1", 0))
            other.listen()
            port = other.getsockname()[1]
            try:
                dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}",
                                        rank=0, world_size=1)
            finally:
                other.close()
        """),
}

STILL = 2.0  # seconds a hung program must go on running after its message
DEADLINE = 120.0


class Reproduction:
    """A program run as a script in its own session, its standard error
    read as it comes (it may hang, or outlive its main process)."""

    def __init__(self, code: str, tmp_path: Path):
        script = tmp_path / "reproduce.py"
        script.write_text(code, encoding="utf-8")
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONWARNINGS", "PYTHONPATH", "LISTING_START_METHOD")}
        self.process = subprocess.Popen(
            [sys.executable, str(script)], cwd=tmp_path, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", start_new_session=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read)
        self.reader.start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, wanted: str, timeout: float = DEADLINE, start: int = 0) -> bool:
        """Whether the line is printed, as line number `start` or later."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if wanted in self.lines[start:]:
                return True
            if self.process.poll() is not None and not self.reader.is_alive():
                return wanted in self.lines[start:]
            time.sleep(0.05)
        return False

    def finish(self, timeout: float = DEADLINE) -> int | None:
        """Wait for the program and for everything that holds its standard
        error (the resource tracker prints after the program has died)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        self.reader.join(timeout=timeout)
        return self.process.poll()

    def kill(self):
        """End the whole session, should anything of it still run: the
        program itself, or a process of its session that still holds its
        standard error (the group, and so its id, still exists then)."""
        if self.process.poll() is None or self.reader.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)


def digits_as_digits(text: str) -> str:
    return re.sub(r"\d+", "0", text)


def line_shows(line: str, message: str) -> bool:
    """The line is the message (digits compare as digits), or the message
    followed by the name it is about ("... local object 'main.<locals>.f'"),
    or a warning's line ("file.py:12: UserWarning: ...") whose text is the
    message or starts with it as a whole sentence, or the first sentences of
    a longer line (a message that ends with a full stop)."""
    line, message = digits_as_digits(line).strip(), digits_as_digits(message).strip()
    warning = line.partition("Warning: ")[2]
    return (line == message or re.fullmatch(re.escape(message) + r" ['\"<].*", line) is not None
            or (message.endswith(".") and line.startswith(message + " "))
            or (bool(warning) and warning in (message, message + "."))
            or warning.startswith(message + ". "))


SPEC_KEYS = {"mode", "code", "shows", "interrupt", "first_ctrl_c", "after_ctrl_c"}


def spec_problems(entry: str, spec: dict) -> list[str]:
    """A reproduction's settings that would make its test check less than it seems."""
    problems = [f"#{entry}: unknown setting {key!r}" for key in spec if key not in SPEC_KEYS]
    if spec.get("mode") not in ("exits", "hangs"):
        problems.append(f"#{entry}: mode must be 'exits' or 'hangs'")
    if (spec.get("first_ctrl_c") or spec.get("after_ctrl_c") or spec.get("interrupt")) and not (
            spec.get("mode") == "hangs" and spec.get("interrupt") and spec.get("after_ctrl_c")):
        problems.append(f"#{entry}: Ctrl-C settings need mode='hangs', interrupt=True "
                        "and after_ctrl_c")
    return problems


def test_every_reproduction_is_set_up_to_check_something():
    problems = [p for entry, spec in REPRODUCTIONS.items() if spec for p in spec_problems(entry, spec)]
    assert not problems, "\n".join(problems)


def test_every_entry_has_a_reproduction():
    assert [entry for entry, _ in entries("en")] == list(REPRODUCTIONS), (
        "give each entry of the page, in page order, a program in REPRODUCTIONS "
        "(or None, with the reason why it cannot be checked here)")


@pytest.mark.parametrize("entry", [e for e, spec in REPRODUCTIONS.items() if spec])
def test_the_entry_is_what_python_prints(entry, tmp_path):
    spec = REPRODUCTIONS[entry]
    code = textwrap.dedent(spec["code"]).lstrip()
    if spec.get("interrupt"):
        code = CTRL_C_READY + code
    wanted = dict(entries("en"))[entry] + spec.get("shows", [])
    run = Reproduction(code, tmp_path)
    try:
        if spec["mode"] == "exits":
            status = run.finish()
            assert status is not None, f"#{entry}: the program did not end:\n{run.stderr}"
            for message in wanted:  # a whole line, or the end of a warning's line
                assert any(line_shows(line, message) for line in run.lines), (
                    f"#{entry}: no line {message!r} in what it printed:\n{run.stderr}")
        else:
            for message in wanted:  # a whole line of the traceback
                assert run.wait_for_line(message), (
                    f"#{entry}: no line {message!r} in what it printed:\n{run.stderr}")
            time.sleep(STILL)
            assert run.process.poll() is None, (
                f"#{entry}: the program exited (status {run.process.returncode}); "
                f"the page says it does not:\n{run.stderr}")
            if spec.get("first_ctrl_c"):  # one Ctrl-C does not end it
                before = len(run.lines)
                run.process.send_signal(signal.SIGINT)
                for line in spec["first_ctrl_c"]:
                    assert run.wait_for_line(line, timeout=30, start=before), (
                        f"#{entry}: after one Ctrl-C, no line {line!r} in:\n{run.stderr}")
                time.sleep(STILL)
                assert run.process.poll() is None, (
                    f"#{entry}: one Ctrl-C ended it (status {run.process.returncode}); "
                    f"the page says it does not:\n{run.stderr}")
            if spec.get("interrupt"):
                before = len(run.lines)
                run.process.send_signal(signal.SIGINT)  # Ctrl-C
                status = run.finish(timeout=30)
                assert status is not None, f"#{entry}: Ctrl-C did not end it:\n{run.stderr}"
                for line in spec["after_ctrl_c"]:
                    assert line in "\n".join(run.lines[before:]), (
                        f"#{entry}: after Ctrl-C, no {line!r} in:\n{run.stderr}")
    finally:
        run.kill()
    if entry == "exception-in-thread":
        assert run.lines[0] == wanted[0] and run.process.returncode == 0, (
            f"the heading says the thread's exception is printed first and the "
            f"exit status is 0; status {run.process.returncode}:\n{run.stderr}")
    if entry == "started-once":
        assert run.lines[-1] == wanted[0], run.stderr
