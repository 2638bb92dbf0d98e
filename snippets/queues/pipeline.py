import queue
import threading
import time
from dataclasses import dataclass

BATCH_SIZE = 4
DONE = object()  # end of the stream: each stage passes it on after its last item


@dataclass
class Sample:
    id: int
    data: object


@dataclass
class Rejected:
    id: int
    reason: str  # a rejected item travels on to the end, with its reason


class Reject(Exception):
    """The item cannot be used: an expected outcome, not a bug."""


class Aborted(Exception):
    """Another stage failed: stop without finishing."""


# --- What each stage does to one item (stand-ins for real file reads, ------
# --- image decoding and augmentation). ---------------------------------------

FILES = {i: bytes([i, i + 1, i + 2]) for i in range(10)}
FILES[3] = b"\xff"  # truncated
FILES[7] = b""  # empty
FILES[10] = b"\x05\x05\x05"  # a flat image: only the second run reads it


def read(file_id):
    time.sleep(0.002)  # the disk
    return FILES[file_id]


def decode(raw):
    if len(raw) != 3:
        raise Reject(f"truncated: {len(raw)} of 3 bytes")
    return list(raw)


def augment(pixels):
    if sum(pixels) / len(pixels) < 1.5:
        raise Reject("too dark")
    low, high = min(pixels), max(pixels)
    # A bug: a flat image has high == low, and this divides by zero.
    return [round((p - low) / (high - low), 2) for p in reversed(pixels)]


# --- Moving items between stages ----------------------------------------------

def put(q, item, abort):
    """q.put() that gives up when a stage has failed, instead of waiting for ever."""
    while not abort.is_set():
        try:
            return q.put(item, timeout=0.05)
        except queue.Full:
            pass
    raise Aborted


def get(q, abort, deadline=float("inf")):
    while not abort.is_set():
        if time.monotonic() > deadline:
            raise TimeoutError("the pipeline did not finish in time")
        try:
            return q.get(timeout=0.05)
        except queue.Empty:
            pass
    raise Aborted


def reader(file_ids, outbox, abort):
    for file_id in file_ids:
        put(outbox, Sample(file_id, read(file_id)), abort)
    put(outbox, DONE, abort)


def mapper(work, inbox, outbox, abort):
    while (item := get(inbox, abort)) is not DONE:
        if isinstance(item, Sample):
            try:
                item = Sample(item.id, work(item.data))
            except Reject as reason:
                item = Rejected(item.id, f"{work.__name__}: {reason}")
        put(outbox, item, abort)  # a Rejected item passes through unchanged
    put(outbox, DONE, abort)


def batcher(inbox, outbox, abort):
    batch = []
    while (item := get(inbox, abort)) is not DONE:
        if isinstance(item, Rejected):
            put(outbox, item, abort)
            continue
        batch.append(item)
        if len(batch) == BATCH_SIZE:
            put(outbox, batch, abort)
            batch = []
    if batch:
        put(outbox, batch, abort)  # the last, partial batch
    put(outbox, DONE, abort)


def guarded(stage, args, abort, errors):
    """Run one stage; on a failure, record it and stop every other stage."""
    try:
        stage(*args, abort)
    except Aborted:
        pass  # another stage failed; its own error is recorded
    except Exception as exc:
        errors.append(f"{threading.current_thread().name}: {exc!r}")
        abort.set()


class PipelineError(Exception):
    pass


def run_pipeline(file_ids, timeout=10):
    abort = threading.Event()
    errors = []
    q = [queue.Queue(maxsize=2) for _ in range(4)]  # bounded: backpressure
    stages = {"read": (reader, (file_ids, q[0])),
              "decode": (mapper, (decode, q[0], q[1])),
              "augment": (mapper, (augment, q[1], q[2])),
              "batch": (batcher, (q[2], q[3]))}
    threads = [threading.Thread(target=guarded, args=(stage, args, abort, errors), name=name)
               for name, (stage, args) in stages.items()]
    batches, rejected, started = [], [], []
    try:
        for thread in threads:
            thread.start()  # can fail (no more threads): the finally stops the others
            started.append(thread)
        deadline = time.monotonic() + timeout
        while (item := get(q[3], abort, deadline)) is not DONE:
            (rejected if isinstance(item, Rejected) else batches).append(item)
    except Aborted:
        pass  # a stage failed: `errors` says which, below
    finally:
        abort.set()  # stops whatever still runs (nothing, after a clean run)
        for thread in started:
            thread.join(timeout=5)
    still_running = sum(thread.is_alive() for thread in started)
    if errors or still_running:
        raise PipelineError("; ".join(errors) + f" (threads still running: {still_running})")
    return batches, rejected


def main():
    file_ids = list(range(10))
    batches, rejected = run_pipeline(file_ids)
    for number, batch in enumerate(batches, 1):
        print(f"batch {number}: samples {[sample.id for sample in batch]}")
    for item in sorted(rejected, key=lambda item: item.id):
        print(f"rejected: sample {item.id}: {item.reason}")
    out = sum(len(batch) for batch in batches)
    print(f"items in: {len(file_ids)} = out: {out} + rejected: {len(rejected)};",
          "all accounted for:", len(file_ids) == out + len(rejected))

    try:
        run_pipeline(list(range(11)))  # file 10 is flat: augment() divides by zero
    except PipelineError as exc:
        print("second run failed:", exc)


if __name__ == "__main__":
    main()
