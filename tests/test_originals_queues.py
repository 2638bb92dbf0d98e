"""Prove what is wrong with the original listing of the Queues and pipelines
chapter: the ApX Machine Learning producer/consumer ("Threading in Python").

Each test runs the original unmodified, through the wrapper of
tests/originals.py. As printed, the listing does not import `threading` (the
article imported it in an earlier listing), so every test but the first
supplies it as a builtin from the wrapper, as that earlier import would
have. The tests change only timing: how long the producer takes to make each
item, or when the consumer starts."""

import re

from originals import proves, run_original

NAME = "000_queues_producer_consumer.py"

# What the article's earlier listing gave this one: the name `threading`.
SUPPLY_THREADING = """
builtins.threading = threading
"""

# The producer takes a moment to make each item: q.put() first waits 0.05 s.
SLOW_PRODUCER = SUPPLY_THREADING + """
import queue
real_put = queue.Queue.put
def slow_put(self, item, block=True, timeout=None):
    real_sleep(0.05)
    real_put(self, item, block, timeout)
queue.Queue.put = slow_put
"""

# The consumer thread is started 0.2 s late: the producer has finished by then.
LATE_CONSUMER = SUPPLY_THREADING + """
real_start = threading.Thread.start
def late_start(self):
    if "(consumer)" in self.name:
        real_sleep(0.2)
    real_start(self)
threading.Thread.start = late_start
"""

# After the listing's last line has run, say which of its threads still run.
REPORT_AT_THE_END = """
real_run_path = runpy.run_path
def run_path_and_report(*args, **kwargs):
    real_run_path(*args, **kwargs)
    alive = sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())
    real_print("still running after the last line:", alive)
runpy.run_path = run_path_and_report
"""


def counts(stdout: str) -> tuple[int, int]:
    """(items produced, items consumed), from the lines the listing printed.
    Two threads print at once, so a line can hold one thread's text glued to
    the other's: count the words, not the lines."""
    return (len(re.findall(r"Produced \d", stdout)), len(re.findall(r"Consumed \d", stdout)))


@proves(NAME, en="as printed, it stops with NameError: it never imports threading",
        zh="照原样运行会因 NameError 停下：它没有导入 threading")
def test_000_as_printed_it_stops_with_a_name_error(tmp_path):
    run = run_original(NAME, tmp_path)
    assert run.returncode == 1, run.stderr
    assert "NameError: name 'threading' is not defined" in run.stderr, run.stderr
    assert run.stdout == "", run.stdout


@proves(NAME, en="the consumer quits when the queue is momentarily empty: items are lost, counted",
        zh="队列一时为空，消费者就退出了：丢失的条目有计数为证")
def test_000_the_consumer_quits_early_and_items_are_lost(tmp_path):
    run = run_original(NAME, tmp_path, prelude=SLOW_PRODUCER)
    assert run.returncode == 0, run.stderr
    produced, consumed = counts(run.stdout)
    assert produced == 5, run.stdout
    assert consumed < produced, (
        f"expected lost items; produced {produced}, consumed {consumed}:\n{run.stdout}")


@proves(NAME, en="whether items are lost depends on timing: all consumed when the consumer starts late",
        zh="会不会丢条目取决于时序：消费者晚一点启动，就全部消费了")
def test_000_what_it_consumes_depends_on_timing(tmp_path):
    late = run_original(NAME, tmp_path, prelude=LATE_CONSUMER)
    slow = run_original(NAME, tmp_path, prelude=SLOW_PRODUCER)
    assert late.returncode == slow.returncode == 0, late.stderr + slow.stderr
    assert counts(late.stdout) == (5, 5), late.stdout
    assert counts(slow.stdout)[1] < 5, slow.stdout


@proves(NAME, en="nothing waits for the threads: the producer still runs after the last line",
        zh="没有任何代码等待线程结束：最后一行执行完，生产者线程仍在运行")
def test_000_nothing_waits_for_the_threads(tmp_path):
    run = run_original(NAME, tmp_path, prelude=SLOW_PRODUCER + REPORT_AT_THE_END)
    assert run.returncode == 0, run.stderr
    report = [line for line in run.stdout.splitlines() if "still running" in line]
    assert report and "(producer)" in report[0], run.stdout
