"""Prove, for each original listing of the Synchronization chapter, what is
wrong with it. Each test runs the original's own text, through a small
wrapper that only supplies what the test needs (a missing import, a counter
to pass in, the end of a listing the article cuts off, one increment that
fails), and checks what a reader of the original would not expect."""

import textwrap

from originals import ORIGINALS, proves, run_original
from runner import ROOT, run_script

SAFE_INCREMENT = "000_sync_safe_increment.py"
LOCK_COUNTER = "003_sync_lock_counter.py"
CUT_OFF_AT = "threads = [t\n"  # where the article's copy stops

# The obvious end of the 003 listing: ten threads, started, then joined. The
# joins share one deadline, so the test never hangs; a thread still alive
# after it is stuck. The process then ends with os._exit(), because a stuck
# non-daemon thread would keep it alive forever.
COMPLETION = """
import time

threads = [threading.Thread(target=add_number) for _ in range(10)]
for t in threads:
    t.start()
deadline = time.monotonic() + {deadline}
for t in threads:
    t.join(timeout=max(0.0, deadline - time.monotonic()))
"""

# One increment raises, once, while the lock is held (the first `temp += 1`);
# every later one adds as an int would.
FAILS_ONCE = """
class FailsOnce(int):
    failed = False

    def __iadd__(self, other):
        if not FailsOnce.failed:
            FailsOnce.failed = True
            raise OSError("simulated failure while the lock is held")
        return int(self) + other
"""

COUNTER_WRAPPER = """
import os, sys, threading, time
{fails_once}
namespace = {{"__name__": "__main__"}}
exec(compile({body!r}, {name!r}, "exec"), namespace)  # the listing's own lines
if {fail}:
    namespace["num"] = FailsOnce(0)
exec(compile({completion!r}, "completion", "exec"), namespace)
threads = namespace["threads"]
print("alive:", sum(t.is_alive() for t in threads))
print("lock held:", namespace["lock"].locked())
print("num:", int(namespace["num"]))
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)  # stuck threads would keep the process alive
"""


def original_body(name: str) -> str:
    """The 003 listing's text up to the line where the article stops."""
    source = (ORIGINALS / name).read_text(encoding="utf-8")
    assert source.endswith(CUT_OFF_AT), source
    return source[: -len(CUT_OFF_AT)]


def run_counter(tmp_path, body: str, name: str, fail: bool, deadline: float = 3.0):
    wrapper = tmp_path / "run_counter.py"
    wrapper.write_text(COUNTER_WRAPPER.format(
        fails_once=FAILS_ONCE, body=body, name=name, fail=fail,
        completion=COMPLETION.format(deadline=deadline)), encoding="utf-8")
    return run_script(wrapper, tmp_path, timeout=60)


def results(run) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in run.stdout.splitlines())


# --- 000: safe_increment -------------------------------------------------------

SAFE_INCREMENT_WRAPPER = """
import multiprocessing, runpy, sys, threading, types

# Supply the import the listing leaves out, then take its function.
namespace = runpy.run_path({original!r}, init_globals={{"threading": threading}})
safe_increment = namespace["safe_increment"]
{body}
"""


def run_safe_increment(tmp_path, body: str):
    wrapper = tmp_path / "run_safe_increment.py"
    wrapper.write_text(SAFE_INCREMENT_WRAPPER.format(
        original=str(ORIGINALS / SAFE_INCREMENT), body=textwrap.dedent(body)), encoding="utf-8")
    return run_script(wrapper, tmp_path, timeout=60)


@proves(SAFE_INCREMENT, en="as printed it cannot run: NameError, threading is never imported",
        zh="照原样运行不了：没有导入 threading，抛出 NameError")
def test_000_as_printed_raises_name_error(tmp_path):
    run = run_original(SAFE_INCREMENT, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr.splitlines()[-1] == "NameError: name 'threading' is not defined", run.stderr


@proves(SAFE_INCREMENT, en="called with an int counter it raises AttributeError: an int has no .value",
        zh="传入 int 计数器会抛出 AttributeError：int 没有 .value 属性")
def test_000_an_int_counter_raises_attribute_error(tmp_path):
    run = run_safe_increment(tmp_path, """
        counter = 0
        try:
            safe_increment(counter)
        except AttributeError as error:
            print(type(error).__name__ + ":", error)
        print("counter:", counter)
        """)
    assert run.returncode == 0, run.stderr
    assert run.stdout == ("AttributeError: 'int' object has no attribute 'value'\n"
                          "counter: 0\n"), run.stdout


def test_000_with_a_value_object_threads_count_exactly(tmp_path):
    """Not a defect: given threading and an object with a .value attribute,
    the lock does its job between threads."""
    run = run_safe_increment(tmp_path, """
        def work(counter):
            for _ in range(5000):
                safe_increment(counter)

        for counter in (types.SimpleNamespace(value=0), multiprocessing.Value("i", 0)):
            threads = [threading.Thread(target=work, args=(counter,)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            print(type(counter).__name__, counter.value,
                  "alive:", sum(t.is_alive() for t in threads))
        """)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "SimpleNamespace 20000 alive: 0\nSynchronized 20000 alive: 0\n", run.stdout


@proves(SAFE_INCREMENT, en="with a multiprocessing.Value shared by two processes, both are inside "
                           "`with lock:` at once and one increment is lost",
        zh="两个进程共用一个 multiprocessing.Value 时，两个进程同时进入 `with lock:`，丢了一次加一")
def test_000_a_threading_lock_does_not_keep_other_processes_out(tmp_path):
    # The counter's getter reads the value, then waits at a barrier for the
    # other process: it can only pass if both processes are inside
    # `with lock:` at the same time. Then both have read 0, and both write 1. (With one lock shared by the two
    # processes, the barrier would time out and each child exit with 3.)
    run = run_safe_increment(tmp_path, """
        context = multiprocessing.get_context("fork")

        class Gated:
            def __init__(self):
                self.shared = context.Value("i", 0)
                self.both_inside = context.Barrier(2, timeout=5)

            @property
            def value(self):
                current = self.shared.value
                self.both_inside.wait()  # passes only if the other process is inside too
                return current

            @value.setter
            def value(self, new):
                self.shared.value = new

        def child(counter):
            try:
                safe_increment(counter)
            except threading.BrokenBarrierError:
                sys.exit(3)

        if __name__ == "__main__":
            counter = Gated()
            children = [context.Process(target=child, args=(counter,)) for _ in range(2)]
            for process in children:
                process.start()
            for process in children:
                process.join(timeout=30)
            print("exit codes:", [process.exitcode for process in children])
            print("increments: 2, counter:", counter.shared.value)
        """)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "exit codes: [0, 0]\nincrements: 2, counter: 1\n", run.stdout + run.stderr


# --- 003: the lock counter, cut off ----------------------------------------------

@proves(LOCK_COUNTER, en="the article's copy stops at `threads = [t`: SyntaxError, '[' was never closed",
        zh="文章在 `threads = [t` 处中断：SyntaxError，'[' 没有闭合")
def test_003_as_printed_is_cut_off(tmp_path):
    run = run_original(LOCK_COUNTER, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stderr.splitlines()
    assert lines[-1] == "SyntaxError: '[' was never closed", run.stderr
    assert f"{LOCK_COUNTER}\", line 17" in run.stderr, run.stderr
    assert (ORIGINALS / LOCK_COUNTER).read_text(encoding="utf-8").splitlines()[16] == "threads = [t"


def test_003_completed_counts_exactly(tmp_path):
    """Not a defect: completed, the listing counts every increment."""
    run = run_counter(tmp_path, original_body(LOCK_COUNTER), LOCK_COUNTER, fail=False, deadline=30)
    assert run.returncode == 0, run.stderr
    assert results(run) == {"alive": "0", "lock held": "False", "num": "100000"}, run.stdout


@proves(LOCK_COUNTER, en="completed, one exception between acquire() and release() leaves the lock "
                         "held and the nine other threads blocked for good",
        zh="补全后，acquire() 与 release() 之间一旦抛出异常，锁就一直被占着，其余九个线程永远阻塞")
def test_003_an_exception_while_locked_blocks_every_other_thread(tmp_path):
    run = run_counter(tmp_path, original_body(LOCK_COUNTER), LOCK_COUNTER, fail=True)
    assert run.returncode == 0, run.stderr
    assert "OSError: simulated failure while the lock is held" in run.stderr, run.stderr
    # The thread that raised has ended; the nine others wait in acquire().
    assert results(run) == {"alive": "9", "lock held": "True", "num": "0"}, run.stdout


def test_003_the_with_lock_version_lets_the_others_finish(tmp_path):
    """The corrected listing's add_number, with the same failure: `with`
    releases the lock as the exception leaves the block, and the nine other
    threads finish their 10000 increments each."""
    listing = ROOT / "snippets" / "sync" / "locked_counter.py"
    body = listing.read_text(encoding="utf-8").replace('if __name__ == "__main__":',
                                                        "if False:")
    run = run_counter(tmp_path, body, "locked_counter.py", fail=True, deadline=30)
    assert run.returncode == 0, run.stderr
    assert "OSError: simulated failure while the lock is held" in run.stderr, run.stderr
    assert results(run) == {"alive": "0", "lock held": "False", "num": "90000"}, run.stdout
