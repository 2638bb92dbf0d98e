"""Run a listing as a real script and compare what it printed.

A listing runs as `python file.py` in a fresh subprocess, in an empty
temporary working directory, in its own process group (so that a timeout
kills its children too), with tests/startmethod on PYTHONPATH.
"""

import difflib
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITECUSTOMIZE_DIR = Path(__file__).resolve().parent / "startmethod"
START_METHODS = ("fork", "spawn", "forkserver")
TIMEOUT = 60  # seconds for one listing

# Placeholders allowed in expected output, for values that legitimately vary
# between runs (measured times). Everything else is compared exactly.
PLACEHOLDERS = {
    "<float>": r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?",
    "<int>": r"-?\d+",
}

# A listing that mentions one of these may start processes, and is run
# under every start method. A listing that starts processes without matching
# fails its run (see check_start_methods).
PROCESS_APIS = re.compile(
    r"multiprocessing|ProcessPoolExecutor|InterpreterPoolExecutor|DataLoader"
)


# A listing that compares start methods picks them itself, with
# multiprocessing.get_context(); it says so with this comment, and its
# children are not held to the forced method.
OWN_METHODS = re.compile(r"#.*picks its own start methods")


@dataclass
class Run:
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    start_methods: list[str] = field(default_factory=list)


def starts_processes(source: str) -> bool:
    return bool(PROCESS_APIS.search(source))


def methods_for(source: str) -> tuple[str | None, ...]:
    """The start methods to run a listing under; None means the default."""
    return START_METHODS if starts_processes(source) else (None,)


def run_script(script: Path, workdir: Path, method: str | None = None,
               timeout: float = TIMEOUT) -> Run:
    log = workdir / ".process-log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SITECUSTOMIZE_DIR)] + [p for p in [env.get("PYTHONPATH")] if p]
    )
    env["LISTING_PROCESS_LOG"] = str(log)
    env.pop("LISTING_START_METHOD", None)
    if method:
        env["LISTING_START_METHOD"] = method
    env["PYTHONIOENCODING"] = "utf-8"
    env["BENCH_MODE"] = "tiny"  # benchmarks run on tiny sizes in the suite
    env.pop("PYTHONWARNINGS", None)

    process = subprocess.Popen(
        [sys.executable, str(script)], cwd=workdir, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        returncode = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=10)
        returncode = None
        stderr += f"\n[harness] killed after {timeout} s\n"
    methods = log.read_text(encoding="utf-8").split() if log.exists() else []
    return Run(returncode, stdout, stderr, methods)


def expected_pattern(expected: str) -> re.Pattern:
    parts = re.split("(" + "|".join(map(re.escape, PLACEHOLDERS)) + ")", expected)
    regex = "".join(PLACEHOLDERS.get(part, re.escape(part)) for part in parts)
    return re.compile(regex, re.DOTALL)


def output_matches(expected: str, actual: str) -> bool:
    return expected_pattern(expected).fullmatch(actual) is not None


def report(name: str, run: Run, expected: str | None = None,
           method: str | None = None) -> str:
    """A failure message: which listing, what it printed, what differed."""
    how = f" under the '{method}' start method" if method else ""
    status = ("killed at the timeout" if run.returncode is None
              else f"exit status {run.returncode}")
    lines = [f"{name}{how}: {status}",
             "--- stdout ---", run.stdout.rstrip(),
             "--- stderr ---", run.stderr.rstrip()]
    if expected is not None and not output_matches(expected, run.stdout):
        lines.append("--- expected output vs. stdout ---")
        lines.extend(difflib.unified_diff(
            expected.splitlines(), run.stdout.splitlines(),
            "expected", "stdout", lineterm=""))
    return "\n".join(lines)


def check(name: str, run: Run, expected: str | None, method: str | None,
          may_start_processes: bool, own_methods: bool = False) -> list[str]:
    """Every way a run can fail, as messages; empty when it passed."""
    problems = []
    if run.returncode != 0:
        problems.append("it did not exit with status 0")
    if run.stderr.strip():
        problems.append("it wrote to stderr")
    if expected is not None and not output_matches(expected, run.stdout):
        problems.append("its output differs from the expected output")
    if run.start_methods and not may_start_processes:
        problems.append(
            "it started processes, but nothing in it matches "
            f"{PROCESS_APIS.pattern!r}, so it was not run under every start method"
        )
    wrong = sorted(set(m for m in run.start_methods
                       if method and m != method and not own_methods))
    if wrong:
        problems.append(f"asked for '{method}', its processes used {wrong}")
    if problems:
        return ["; ".join(problems) + "\n" + report(name, run, expected, method)]
    return []
