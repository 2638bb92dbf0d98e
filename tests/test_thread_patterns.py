"""The patterns the Threads page teaches still hold when something goes wrong.

Each test runs a real listing from snippets/threads/ unmodified, as a script,
through a small wrapper (runpy, as in test_originals.py) that only makes one
call fail, and checks what a reader relies on: the program still ends by
itself, and the failure is not hidden."""

from pathlib import Path

from runner import ROOT, run_script

THREADS = ROOT / "snippets" / "threads"

# Make the second call to queue.Queue.get raise queue.Empty, as the training
# loop's batches.get(timeout=5) would if no batch arrived in time.
FAILING_GET = '''
import queue, runpy

real_get = queue.Queue.get
calls = 0

def failing_get(self, *args, **kwargs):
    global calls
    calls += 1
    if calls == 2:
        raise queue.Empty("simulated: no batch arrived in time")
    return real_get(self, *args, **kwargs)

queue.Queue.get = failing_get
runpy.run_path({listing!r}, run_name="__main__")
'''


def run_wrapped(wrapper_text: str, listing: str, tmp_path: Path, timeout: float):
    wrapper = tmp_path / f"run_{listing}"
    wrapper.write_text(wrapper_text.format(listing=str(THREADS / listing)), encoding="utf-8")
    return run_script(wrapper, tmp_path, timeout=timeout)


def test_background_thread_exits_when_the_training_loop_raises(tmp_path):
    run = run_wrapped(FAILING_GET, "background_thread.py", tmp_path, timeout=15)
    # Killed at the timeout means the prefetcher kept the process alive.
    assert run.returncode is not None, (
        "the process did not exit by itself: the prefetcher thread kept it alive\n"
        + run.stdout + run.stderr)
    assert run.returncode != 0, "the loop's exception was swallowed:\n" + run.stdout
    assert "queue.Empty" in run.stderr or "_queue.Empty" in run.stderr, run.stderr
    assert "simulated: no batch arrived in time" in run.stderr, run.stderr
    assert run.stdout.splitlines() == ["training on batch-0"], run.stdout


def test_thread_errors_puts_the_previous_hook_back(tmp_path):
    wrapper_text = '''
import runpy, threading

def keep(args):
    pass

threading.excepthook = keep  # the program's own hook, installed before the listing
runpy.run_path({listing!r}, run_name="__main__")
print("hook restored:", threading.excepthook is keep)
'''
    run = run_wrapped(wrapper_text, "thread_errors.py", tmp_path, timeout=15)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "hook restored: True", run.stdout


def test_thread_errors_keeps_no_exception_object(tmp_path):
    """The hook keeps strings only: nothing in the listing holds on to
    args.exc_value, which the threading docs say creates a reference cycle."""
    import ast
    tree = ast.parse((THREADS / "thread_errors.py").read_text(encoding="utf-8"))
    kept = [node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append"
            and any(isinstance(a, ast.Attribute) and a.attr == "exc_value" for a in node.args)]
    assert kept == [], "the hook stores args.exc_value itself"


def test_stuck_tasks_listing_does_not_wait_for_the_stuck_tasks(tmp_path):
    """Two tasks never get a reply; the listing still ends soon after its
    wait(timeout=0.5), because it cancels and stops them."""
    run = run_script(THREADS / "stuck_tasks.py", tmp_path, timeout=10)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "source 3: cancelled before it started" in run.stdout, run.stdout
