"""The registry of proofs about the original listings, and the way to run
an original. Each tests/test_originals*.py file (one per chapter) decorates
its proofs with @proves; missing_proofs() and defects() import all of them,
so a chapter adds its proofs in its own file."""

import importlib
import sys
from pathlib import Path

from runner import ROOT, run_script

ORIGINALS = ROOT / "originals"
TESTS = Path(__file__).resolve().parent
PROOF_FILES = "test_originals*.py"
# (original file name, module, test name) -> what the test proves, en and zh
_REGISTRY: dict[tuple[str, str, str], dict] = {}


def proves(original: str, en: str, zh: str):
    """Register a test as a proof of what is wrong with originals/<original>:
    en and zh say, for the Verification page, what it proves."""
    def register(test):
        _REGISTRY[(original, test.__module__, test.__name__)] = {
            "original": original, "test": test.__name__, "en": en, "zh": zh}
        return test
    return register


def load_proofs():
    """Import every proof file, so that each one registers its proofs."""
    for path in sorted(TESTS.glob(PROOF_FILES)):
        importlib.import_module(path.stem)


def defects() -> list[dict]:
    """What each proof shows, in both languages (the Verification page)."""
    load_proofs()
    return list(_REGISTRY.values())


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
    def runs(module, name):
        test = getattr(sys.modules[module], name, None)
        marks = getattr(test, "pytestmark", [])
        return test is not None and not any(m.name in ("skip", "skipif", "xfail") for m in marks)
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
