"""Run a listing as a real script and compare what it printed.

A listing runs as `python file.py` in a fresh subprocess, in an empty
temporary working directory, in its own session and process group (so that
a timeout kills its children too, and any process it leaves behind can be
found), with tests/startmethod on PYTHONPATH.
"""

import difflib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from listing_rules import (PLACEHOLDERS, PROCESS_APIS, expected_pattern,  # noqa: E402,F401
                           output_matches, placeholders_without_unit, starts_processes,
                           starts_processes_its_own_way)

SITECUSTOMIZE_DIR = Path(__file__).resolve().parent / "startmethod"
START_METHODS = ("fork", "spawn", "forkserver")
OWN_WAY = "own-way"  # the "method" of a listing whose engine starts its processes itself
# What the process log calls a process that loky started (joblib's default
# backend): loky starts workers its own way under every start method.
ENGINE_METHODS = ("loky",)
TIMEOUT = 60  # seconds for one listing
GRACE = 3  # seconds a listing's children get to exit after it did

# A listing that compares start methods picks them itself, with
# multiprocessing.get_context(); it says so with this comment, and must then
# really start processes with every method.
OWN_METHODS = re.compile(r"#.*picks its own start methods")

# A listing whose placeholders stand for values that may come out the same
# in every run of the suite (sizes that depend on BENCH_MODE, say) declares
# it with this comment; otherwise each placeholder must really vary.
DECLARED_VARIES = re.compile(r"#\s*[Oo]utput varies:")


@dataclass
class Run:
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    log: list[str] = field(default_factory=list)  # what sitecustomize recorded
    leftovers: list[str] = field(default_factory=list)  # processes still running after it

    @property
    def started(self) -> list[str]:
        """Every process start seen."""
        return [s for s in self.log if not s.startswith("thread-left:")]

    @property
    def start_methods(self) -> list[str]:
        """The multiprocessing start method of each process it started."""
        return [s for s in self.started if not s.startswith("event:")]

    @property
    def threads_left(self) -> list[str]:
        """Threads still running when the listing exited (killed mid-work)."""
        return [s.removeprefix("thread-left:") for s in self.log if s.startswith("thread-left:")]


def methods_for(source: str) -> tuple[str | None, ...]:
    """The start methods to run a listing under; None means the default."""
    if starts_processes_its_own_way(source):
        return (OWN_WAY,)
    return START_METHODS if starts_processes(source) else (None,)


def become_subreaper() -> None:
    """Make this process adopt the orphans of the listings it runs (Linux),
    so a child that escapes the listing's session (setsid) is still found."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


become_subreaper()


def leftover_processes(session: int) -> list[str]:
    """Live processes of a listing's session, and orphans this process
    adopted (Linux /proc), as 'pid: command line'."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent, _, sid = stat.read_text().rsplit(")", 1)[1].split()[:4]
            if state != "Z" and (int(sid) == session or int(parent) == os.getpid()):
                command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                members.append(f"{stat.parent.name}: {command.decode(errors='replace').strip()}")
        except (OSError, IndexError, ValueError):
            continue  # it exited while we looked
    return members


def kill_leftovers(session: int) -> list[str]:
    """Wait GRACE seconds for the session to empty, then kill what is left."""
    deadline = time.monotonic() + GRACE
    while (left := leftover_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for member in left:
        pid = int(member.split(":")[0])
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)  # an adopted orphan is ours to reap
        except (ProcessLookupError, ChildProcessError):
            pass
    return left


def run_script(script: Path, workdir: Path, method: str | None = None,
               timeout: float = TIMEOUT, disturb: bool = False, python: str | None = None) -> Run:
    log = workdir / ".process-log"
    log.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SITECUSTOMIZE_DIR)] + [p for p in [env.get("PYTHONPATH")] if p]
    )
    env["LISTING_PROCESS_LOG"] = str(log)
    for name in ("LISTING_START_METHOD", "LISTING_DISTURB", "PYTHONWARNINGS"):
        env.pop(name, None)
    if method in START_METHODS:
        env["LISTING_START_METHOD"] = method
    if disturb:
        env["LISTING_DISTURB"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["BENCH_MODE"] = "tiny"  # benchmarks run on tiny sizes in the suite

    process = subprocess.Popen(
        [python or sys.executable, str(script)], cwd=workdir, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
        start_new_session=True,
    )
    # Read the pipes in threads: a child left running may hold them open
    # after the listing itself has exited.
    output = {}
    readers = [threading.Thread(target=lambda s=stream: output.__setitem__(s, s.read()))
               for stream in (process.stdout, process.stderr)]
    for reader in readers:
        reader.start()
    notes = ""
    try:
        returncode = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        returncode = None
        notes += f"\n[harness] killed after {timeout} s\n"
    leftovers = kill_leftovers(process.pid)
    if leftovers:
        notes += f"\n[harness] killed {len(leftovers)} process(es) it left running\n"
    for reader in readers:
        reader.join(timeout=10)
    stdout, stderr = output.get(process.stdout, ""), output.get(process.stderr, "")
    recorded = log.read_text(encoding="utf-8").split() if log.exists() else []
    return Run(returncode, stdout, stderr + notes, recorded, leftovers)


def placeholder_values(expected: str, actual: str) -> tuple[str, ...]:
    """What each placeholder stood for in one run's output."""
    match = expected_pattern(expected).fullmatch(actual)
    return match.groups() if match else ()


def constant_placeholders(expected: str, outputs: list[str]) -> list[str]:
    """Placeholders that stood for the same value in every run: each one
    describes, by its line, a value that did not vary."""
    values = [placeholder_values(expected, out) for out in outputs]
    if len(values) < 2 or not all(values):
        return []
    lines = [line for line in expected.splitlines() for _ in re.findall(
        "|".join(map(re.escape, PLACEHOLDERS)), line)]
    return [f"{lines[i]!r}: always {values[0][i]}"
            for i in range(len(values[0])) if len({v[i] for v in values}) == 1]


def report(name: str, run: Run, expected: str | None = None,
           method: str | None = None) -> str:
    """A failure message: which listing, what it printed, what differed."""
    how = f" under the '{method}' start method" if method else ""
    status = ("killed at the timeout" if run.returncode is None
              else f"exit status {run.returncode}")
    lines = [f"{name}{how}: {status}",
             "--- stdout ---", run.stdout.rstrip(),
             "--- stderr ---", run.stderr.rstrip()]
    if run.leftovers:
        lines += ["--- processes it left running (killed) ---", *run.leftovers]
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
    if run.leftovers:
        problems.append("it left processes running")
    if run.threads_left:
        problems.append(f"it exited with threads still running: {run.threads_left}")
    if expected is not None and not output_matches(expected, run.stdout):
        problems.append("its output differs from the expected output")
    if expected is None and run.stdout:
        problems.append("it prints, but no expected output is given for it")
    if run.started and not may_start_processes:
        problems.append(
            "it started processes, but nothing in it matches "
            f"{PROCESS_APIS.pattern!r}, so it was not run under every start method"
        )
    if own_methods:
        missing = sorted(set(START_METHODS) - set(run.start_methods))
        if missing:
            problems.append("it says it picks its own start methods, but it started "
                            f"no process with {missing}")
    elif method in START_METHODS:
        wrong = sorted(set(m for m in run.start_methods
                           if m != method and m not in ENGINE_METHODS))
        if wrong:
            problems.append(f"asked for '{method}', its processes used {wrong}")
    if problems:
        return ["; ".join(problems) + "\n" + report(name, run, expected, method)]
    return []
