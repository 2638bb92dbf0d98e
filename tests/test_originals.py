"""Prove, for each original listing of the Threads chapter, what is wrong
with it. Each test runs the original unmodified, through a small wrapper
that changes only its timing or makes one of its threads fail, and checks
what a reader of the original would not expect. Other chapters keep their
proofs in tests/test_originals_<chapter>.py (registry: tests/originals.py)."""

from originals import ORIGINALS, missing_proofs, proves, run_original


def test_every_original_has_a_test_that_proves_its_defect():
    missing = missing_proofs()
    assert not missing, ("originals/ files with no @proves test in "
                         f"tests/test_originals*.py: {missing}")


def assert_order_depends_on_timing(name, tmp_path, delay_a, delay_b):
    """Two runs whose only difference is how long each thread's sleeps take
    print the same text in a different order: the program does not decide.
    (Lines written by two threads at once can even interleave mid-line, so
    the runs are compared as the same characters, not the same lines.)"""
    first = run_original(name, tmp_path, delay_a)
    second = run_original(name, tmp_path, delay_b)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert sorted(first.stdout) == sorted(second.stdout)
    assert first.stdout != second.stdout, (
        "expected two different orders, got the same output twice:\n" + first.stdout)


def assert_failure_is_silent(name, tmp_path, fail_thread, last_line):
    """One thread raises; the program still ends normally, with status 0."""
    run = run_original(name, tmp_path, "0.01", fail_thread)
    assert "simulated failure" in run.stderr, run.stderr  # the thread did fail
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == last_line, run.stdout


@proves("000_threads_numbers_letters.py", en="its output order is decided by the scheduler, not the program",
        zh="输出顺序由调度决定，而不是由程序决定")
def test_000_order_of_numbers_and_letters_is_up_to_the_scheduler(tmp_path):
    # Thread-1 prints numbers, Thread-2 letters: first one is faster, then the other.
    fast_numbers = "0.01 if thread_number() == 1 else 0.1"
    fast_letters = "0.1 if thread_number() == 1 else 0.01"
    assert_order_depends_on_timing("000_threads_numbers_letters.py", tmp_path,
                                   fast_numbers, fast_letters)


@proves("000_threads_numbers_letters.py", en="a thread that raises goes unnoticed: exit status 0",
        zh="线程抛出异常也无人察觉：退出状态仍为 0")
def test_000_a_failing_thread_goes_unnoticed(tmp_path):
    assert_failure_is_silent("000_threads_numbers_letters.py", tmp_path, 1, "Done!")


@proves("001_threads_load_sources.py", en="the order of the loads is decided by the scheduler",
        zh="加载的先后顺序由调度决定")
def test_001_order_of_loads_is_up_to_the_scheduler(tmp_path):
    # Sources 0..4 run in Thread-1..Thread-5; finish in one order, then the reverse.
    assert_order_depends_on_timing("001_threads_load_sources.py", tmp_path,
                                   "0.05 * thread_number()", "0.05 * (6 - thread_number())")


@proves("001_threads_load_sources.py", en="a failing load goes unnoticed: exit status 0",
        zh="加载失败也无人察觉：退出状态仍为 0")
def test_001_a_failing_load_goes_unnoticed(tmp_path):
    assert_failure_is_silent("001_threads_load_sources.py", tmp_path, 3, "All data loaded.")


@proves("001_threads_load_sources.py", en="the loaded data never reaches the caller",
        zh="加载的数据到不了调用方")
def test_001_the_loaded_data_is_thrown_away():
    import ast
    tree = ast.parse((ORIGINALS / "001_threads_load_sources.py").read_text(encoding="utf-8"))
    loader = next(node for node in ast.walk(tree)
                  if isinstance(node, ast.FunctionDef) and node.name == "load_data_from_source")
    returns = [node for node in ast.walk(loader) if isinstance(node, ast.Return)]
    assert returns == [], "load_data_from_source returns nothing to its caller"


def test_003_runs_and_prints_one_to_five(tmp_path):
    run = run_original("003_threads_basic.py", tmp_path)
    assert run.returncode == 0 and run.stdout == "1\n2\n3\n4\n5\n", run.stdout + run.stderr


@proves("003_threads_basic.py", en="a thread that raises goes unnoticed: exit status 0",
        zh="线程抛出异常也无人察觉：退出状态仍为 0")
def test_003_a_failing_thread_goes_unnoticed(tmp_path):
    run = run_original("003_threads_basic.py", tmp_path, "0", 1)
    assert "simulated failure" in run.stderr and run.returncode == 0, run.stderr
