"""Run every listing in snippets/ at build time, as the suite runs it: a
real script (`python file.py`), in an empty temporary directory, with a
timeout. The pages show what it printed under the listing, with a stamp
saying what was checked (hooks/outputs.py).

A listing that exits with another status than 0, writes to stderr, or
prints what its `.out` does not allow stops the build, naming the listing.
Results are cached in .cache/listings/, keyed by the listing, its expected
output, the other files of its folder (timing.py, say), this file and the
machine's identity (tools/machine.py), so a rebuild reruns nothing.
"""

import hashlib
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # noqa: E402
from listing_rules import expected_pattern, output_matches, starts_processes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
CACHE = ROOT / ".cache" / "listings"
TIMEOUT = 60  # seconds, as in the suite
MODE = "tiny"  # BENCH_MODE for benchmark listings: their figures come from tools/figures.py


class ListingFailed(RuntimeError):
    pass


def placeholder_values(expected: str, stdout: str) -> tuple[str, ...]:
    match = expected_pattern(expected).fullmatch(stdout)
    return match.groups() if match else ()


def listing_files() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))


def name_of(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def cache_key(path: Path, identity: dict) -> str:
    digest = hashlib.sha256()
    for part in sorted(path.parent.glob("*.py")) + [path.with_suffix(".out"), Path(__file__)]:
        digest.update(part.name.encode() + (part.read_bytes() if part.exists() else b""))
    digest.update(json.dumps(identity, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def run(path: Path) -> dict:
    """Run one listing and check it; raise ListingFailed if it fails."""
    name = name_of(path)
    env = dict(os.environ, PYTHONIOENCODING="utf-8", BENCH_MODE=MODE)
    env.pop("BENCH_JSON", None)
    with tempfile.TemporaryDirectory() as workdir:
        start = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, str(path)], cwd=workdir, env=env,
                                  capture_output=True, text=True, encoding="utf-8",
                                  stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ListingFailed(f"{name}: killed after {TIMEOUT} s at build") from None
        seconds = time.perf_counter() - start
    expected = path.with_suffix(".out")
    problems = [why for failed, why in [
        (done.returncode != 0, f"exit status {done.returncode}"),
        (bool(done.stderr.strip()), "it wrote to stderr"),
        (not expected.exists(), f"no {expected.name} beside it"),
        (expected.exists() and not output_matches(expected.read_text(encoding="utf-8"), done.stdout),
         f"its output does not match {expected.name}"),
    ] if failed]
    if problems:
        raise ListingFailed(f"{name} failed at build: {'; '.join(problems)}\n"
                            f"--- stdout ---\n{done.stdout}--- stderr ---\n{done.stderr}")
    source = path.read_text(encoding="utf-8")
    return {"listing": name, "stdout": done.stdout, "returncode": done.returncode,
            "seconds": round(seconds, 2), "python": platform.python_version(),
            "start_method": multiprocessing.get_start_method() if starts_processes(source) else None,
            "bench_mode": MODE if "BENCH_MODE" in source or "from timing import" in source else None}


def run_one(path: Path, identity: dict, force: bool = False) -> dict:
    cached = CACHE / f"{path.parent.name}-{path.stem}-{cache_key(path, identity)}.json"
    if cached.exists() and not force:
        print(f"    {name_of(path)}: cached", flush=True)
        return json.loads(cached.read_text(encoding="utf-8"))
    print(f"    {name_of(path)}: running ...", end="", flush=True)
    try:
        result = run(path)
    except ListingFailed:
        print(" failed", flush=True)
        raise
    print(f" {result['seconds']:.1f} s", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def collect(force: bool = False) -> dict[str, dict]:
    """Every listing's build run, from the cache where it is still valid."""
    identity = machine.identity(machine.facts())
    print("==> Listings (each run as a script)", flush=True)
    start = time.perf_counter()
    results = {name_of(p): run_one(p, identity, force) for p in listing_files()}
    print(f"==> Listings done in {time.perf_counter() - start:.1f} s", flush=True)
    return results


if __name__ == "__main__":
    collect(force="--force" in sys.argv)
