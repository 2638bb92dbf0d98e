"""The registry of proofs about the original listings, and the way to run
an original. Each tests/test_originals*.py file (one per chapter) decorates
its proofs with @proves; missing_proofs() and defects() import all of them,
so a chapter adds its proofs in its own file."""

import ast
import fnmatch
import importlib
import inspect
import sys
import textwrap
from pathlib import Path

from runner import ROOT, run_script

ORIGINALS = ROOT / "originals"
TESTS = Path(__file__).resolve().parent
PROOF_FILES = "test_originals*.py"
# (original file name, module, test name) -> what the test proves, en and zh
_REGISTRY: dict[tuple[str, str, str], dict] = {}


def proof_problems(original: str, test) -> list[str]:
    """Why this function cannot count as a proof about originals/<original>."""
    problems = []
    if not (ORIGINALS / original).is_file():
        problems.append(f"originals/{original} does not exist")
    if not fnmatch.fnmatch(test.__module__ + ".py", PROOF_FILES):
        problems.append(f"{test.__module__}.py is not a proof file ({PROOF_FILES})")
    if not test.__name__.startswith("test_"):
        problems.append(f"{test.__name__} is not a test: pytest would never run it")
    tree = ast.parse(textwrap.dedent(inspect.getsource(test)))
    if not any(isinstance(node, ast.Assert) or (
            isinstance(node, ast.Call) and getattr(node.func, "id", "").startswith("assert_"))
            for node in ast.walk(tree)):
        problems.append(f"{test.__name__} asserts nothing")
    return problems


def proves(original: str, en: str, zh: str):
    """Register a test as a proof of what is wrong with originals/<original>:
    en and zh say, for the Verification page, what it proves. Whether each
    registered proof really ran and passed is checked at the end of the
    session (tests/conftest.py)."""
    def register(test):
        problems = proof_problems(original, test)
        if problems:
            raise ValueError(f"@proves({original!r}) on {test.__name__}: " + "; ".join(problems))
        _REGISTRY[(original, test.__module__, test.__name__)] = {
            "original": original, "test": test.__name__, "en": en, "zh": zh, "function": test}
        return test
    return register


def load_proofs():
    """Import every proof file, so that each one registers its proofs."""
    for path in sorted(TESTS.glob(PROOF_FILES)):
        importlib.import_module(path.stem)


def defects() -> list[dict]:
    """What each proof shows, in both languages (the Verification page)."""
    load_proofs()
    return [{k: v for k, v in d.items() if k != "function"} for d in _REGISTRY.values()]


def registered() -> dict[tuple[str, str], object]:
    """(module, test name) -> the function registered as a proof."""
    load_proofs()
    return {(module, name): d["function"] for (_, module, name), d in _REGISTRY.items()}


def proofs() -> dict[str, list[tuple[str, str]]]:
    """original file name -> [(module, test name)] of the tests that prove its defects."""
    load_proofs()
    found = {}
    for original, module, name in _REGISTRY:
        found.setdefault(original, []).append((module, name))
    return found


def missing_proofs(folder: Path = ORIGINALS) -> list[str]:
    """Files in the folder that no test proves anything about. A skipped or
    xfail-marked test proves nothing."""
    functions = registered()

    def runs(module, name):
        test = getattr(sys.modules[module], name, None)  # a later def of the name replaces it
        marks = [*getattr(test, "pytestmark", []), *getattr(sys.modules[module], "pytestmark", [])]
        return test is functions[(module, name)] and not any(
            m.name in ("skip", "skipif", "xfail") for m in marks)
    proven = {original for original, tests in proofs().items()
              if any(runs(module, name) for module, name in tests)}
    return sorted(p.name for p in folder.glob("*.py") if p.name not in proven)


WRAPPER = '''
import builtins, runpy, threading, time
real_sleep, real_print = time.sleep, builtins.print

def thread_number():
    # "Thread-3 (target)" -> 3; the main thread -> 0
    name = threading.current_thread().name
    return int(name.split("-")[1].split()[0]) if name.startswith("Thread-") else 0

def scaled_sleep(seconds):
    real_sleep({delay})

def failing_print(*args, **kwargs):
    if thread_number() == {fail_thread}:
        raise OSError("simulated failure in thread " + str(thread_number()))
    real_print(*args, **kwargs)

time.sleep = scaled_sleep
builtins.print = failing_print
{prelude}
runpy.run_path({original!r}, run_name="__main__")
'''


def run_original(name: str, tmp_path: Path, delay: str = "0", fail_thread: int = -1,
                 prelude: str = "", timeout: float = 30):
    """Run originals/<name> unmodified, as __main__, through a wrapper that
    makes each time.sleep() last `delay` seconds (an expression that may use
    thread_number()), makes print() raise in thread number `fail_thread`, and
    runs `prelude` (more such changes) first."""
    wrapper = tmp_path / f"run_{name}"
    wrapper.write_text(WRAPPER.format(original=str(ORIGINALS / name), delay=delay,
                                      fail_thread=fail_thread, prelude=prelude), encoding="utf-8")
    return run_script(wrapper, tmp_path, timeout=timeout)
