"""Run every listing that uses threads, processes, asyncio, subprocess or a
library thread pool many times, and count what went wrong: failures, hangs and
output that differs.

A listing is what the suite runs (tests/test_listings.py): each file in
snippets/ and each runnable block on a page, checked the same way
(tests/runner.py), against the same expected output. Each one runs
`--repeats` times under each start method it is tested under.

Usage: python tools/stress.py [--repeats 20] [--jobs 1] [--match TEXT]
`make stress` runs it with 20 repeats; tests/test_stress.py with fewer.
"""

import argparse
import json
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import pages  # noqa: E402
from runner import OWN_METHODS, check, methods_for, run_script  # noqa: E402

# Python threads, processes and event loops, child programs (subprocess), and
# the thread pools inside NumPy and PyTorch (threadpoolctl): a listing whose
# output depends on any of them can pass once by luck.
CONCURRENT = re.compile(
    r"^\s*(?:import|from)\s+(?:threading|multiprocessing|asyncio|concurrent|subprocess"
    r"|threadpoolctl|joblib|dask|ray|torch\.multiprocessing|torch\.distributed)\b"
    r"|DataLoader\(|Thread\(|Executor\(",
    re.M)
REPORT = ROOT / ".cache" / "stress-report.json"


@dataclass
class Listing:
    name: str
    source: str
    expected: str | None
    path: Path | None = None  # a snippet file; None: a page's block, written out to run

    @property
    def methods(self):
        return methods_for(self.source)


@dataclass
class Tally:
    runs: int = 0
    failures: int = 0
    hangs: int = 0
    mismatches: int = 0
    examples: list[str] = field(default_factory=list)


def listings() -> list[Listing]:
    found = []
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        out = path.with_suffix(".out")
        found.append(Listing(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"),
                             out.read_text(encoding="utf-8") if out.exists() else None, path))
    for language in pages.LANGUAGES:
        for page in pages.sources(language):
            for block in pages.parse(page)[0]:
                if block.kind == "run" and not block.skipped_here:
                    found.append(Listing(block.name, block.code, block.expected_output))
    return [listing for listing in found if CONCURRENT.search(listing.source)]


def run_once(listing: Listing, method) -> tuple[str, str | None]:
    """('pass' | 'hang' | 'mismatch' | 'failure', message)."""
    with tempfile.TemporaryDirectory(prefix="stress-") as folder:
        workdir = Path(folder)
        script = listing.path
        if script is None:
            script = workdir / "block.py"
            script.write_text(listing.source, encoding="utf-8")
        run = run_script(script, workdir, method)
        own = bool(OWN_METHODS.search(listing.source))
        problems = check(listing.name, run, listing.expected, method,
                         listing.methods != (None,), own)
    if not problems:
        return "pass", None
    if run.returncode is None:
        return "hang", problems[0]
    if run.returncode == 0 and not run.stderr.strip() and "output differs" in problems[0]:
        return "mismatch", problems[0]
    return "failure", problems[0]


def stress(chosen: list[Listing], repeats: int, jobs: int) -> dict[str, Tally]:
    tallies = {listing.name: Tally() for listing in chosen}
    runs = [(listing, method) for listing in chosen for method in listing.methods
            for _ in range(repeats)]
    left = {listing.name: len(listing.methods) * repeats for listing in chosen}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for (listing, method), (outcome, message) in zip(
                runs, pool.map(lambda case: run_once(*case), runs)):
            tally = tallies[listing.name]
            tally.runs += 1
            left[listing.name] -= 1
            if outcome != "pass":
                tally.failures += 1
                tally.hangs += outcome == "hang"
                tally.mismatches += outcome == "mismatch"
                if len(tally.examples) < 2:
                    tally.examples.append(f"[{method}] {message}")
            if not left[listing.name]:  # a progress line: a full run takes an hour
                done = sum(not n for n in left.values())
                print(f"[{done}/{len(chosen)}] {listing.name}: {tally.runs} runs, "
                      f"{tally.failures} failed", flush=True)
    return tallies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="runs per start method")
    parser.add_argument("--jobs", type=int, default=1,
                        help="listings run at once (more than 1 also loads the machine)")
    parser.add_argument("--match", default="", help="only listings whose name contains this")
    args = parser.parse_args(argv)

    chosen = [listing for listing in listings() if args.match in listing.name]
    print(f"==> Stressing {len(chosen)} listings, {args.repeats} runs per start method, "
          f"{args.jobs} at a time")
    start = time.perf_counter()
    tallies = stress(chosen, args.repeats, args.jobs)
    elapsed = time.perf_counter() - start

    print(f"{'listing':70} {'runs':>5} {'fail':>5} {'hang':>5} {'diff':>5}")
    for name, tally in tallies.items():
        print(f"{name[:70]:70} {tally.runs:5} {tally.failures:5} {tally.hangs:5} {tally.mismatches:5}")
    total = Tally(sum(t.runs for t in tallies.values()), sum(t.failures for t in tallies.values()),
                  sum(t.hangs for t in tallies.values()), sum(t.mismatches for t in tallies.values()))
    print(f"==> {len(tallies)} listings, {total.runs} runs, {total.failures} failures "
          f"({total.hangs} hangs, {total.mismatches} output mismatches), {elapsed:.0f} s")
    for name, tally in tallies.items():
        for example in tally.examples:
            print(f"\n--- {name} ---\n{example}")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"repeats": args.repeats, "seconds": round(elapsed),
                                  "listings": {n: t.__dict__ for n, t in tallies.items()}},
                                 indent=1), encoding="utf-8")
    return 1 if total.failures else 0


if __name__ == "__main__":
    sys.exit(main())
