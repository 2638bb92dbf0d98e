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
from listing_rules import (expected_pattern, output_matches, starts_processes,  # noqa: E402
                           starts_processes_its_own_way)

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


def execute(script: Path, name: str, expected: str | None, expected_name: str) -> dict:
    """Run a script as a reader would and check it; raise ListingFailed if it fails."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", BENCH_MODE=MODE)
    env.pop("BENCH_JSON", None)
    source = script.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as workdir:
        start = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, str(script)], cwd=workdir, env=env,
                                  capture_output=True, text=True, encoding="utf-8",
                                  stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ListingFailed(f"{name}: killed after {TIMEOUT} s at build") from None
        seconds = time.perf_counter() - start
    problems = [why for failed, why in [
        (done.returncode != 0, f"exit status {done.returncode}"),
        (bool(done.stderr.strip()), "it wrote to stderr"),
        (expected is not None and not output_matches(expected, done.stdout),
         f"its output does not match {expected_name}"),
        (expected is None and bool(done.stdout), f"it prints, but {expected_name} is missing"),
    ] if failed]
    if problems:
        raise ListingFailed(f"{name} failed at build: {'; '.join(problems)}\n"
                            f"--- stdout ---\n{done.stdout}--- stderr ---\n{done.stderr}")
    return {"listing": name, "stdout": done.stdout, "returncode": done.returncode,
            "seconds": round(seconds, 2), "python": platform.python_version(),
            "start_method": ("own-way" if starts_processes_its_own_way(source)
                             else multiprocessing.get_start_method() if starts_processes(source)
                             else None),
            "bench_mode": MODE if "BENCH_MODE" in source or "from timing import" in source else None}


def run(path: Path) -> dict:
    """Run one listing of snippets/ against its .out."""
    out = path.with_suffix(".out")
    expected = out.read_text(encoding="utf-8") if out.exists() else None
    return execute(path, name_of(path), expected, out.name)


def run_block(code: str, expected: str | None, name: str) -> dict:
    """Run a block written into a page against the expected output the page gives."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "block.py"
        script.write_text(code, encoding="utf-8")
        return execute(script, name, expected, "the expected output on the page")


def cached_run(label: str, cache_file: Path, compute, force: bool) -> dict:
    if cache_file.exists() and not force:
        print(f"    {label}: cached", flush=True)
        return json.loads(cache_file.read_text(encoding="utf-8"))
    print(f"    {label}: running ...", end="", flush=True)
    try:
        result = compute()
    except ListingFailed:
        print(" failed", flush=True)
        raise
    print(f" {result['seconds']:.1f} s", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def run_one(path: Path, identity: dict, force: bool = False) -> dict:
    cache_file = CACHE / f"{path.parent.name}-{path.stem}-{cache_key(path, identity)}.json"
    return cached_run(name_of(path), cache_file, lambda: run(path), force)


def page_blocks():
    """The runnable blocks written into the pages of both languages (tests/pages.py)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pages
    return [block for language in pages.LANGUAGES for page in pages.sources(language)
            for block in pages.parse(page)[0] if block.kind == "run" and not block.skipped_here]


def run_page_block(block, identity: dict, force: bool = False) -> dict:
    """Cached by content, so the same block on the en and zh page is one run."""
    digest = hashlib.sha256(json.dumps([block.code, block.expected_output, identity],
                                       sort_keys=True).encode() + Path(__file__).read_bytes())
    cache_file = CACHE / f"block-{digest.hexdigest()[:16]}.json"
    result = cached_run(block.name, cache_file,
                        lambda: run_block(block.code, block.expected_output, block.name), force)
    return {**result, "listing": block.name}


def collect(force: bool = False) -> dict[str, dict]:
    """Every listing's build run, from the cache where it is still valid."""
    identity = machine.identity(machine.facts())
    print("==> Listings (each run as a script)", flush=True)
    start = time.perf_counter()
    results = {name_of(p): run_one(p, identity, force) for p in listing_files()}
    results |= {b.name: run_page_block(b, identity, force) for b in page_blocks()}
    print(f"==> Listings done in {time.perf_counter() - start:.1f} s", flush=True)
    return results


if __name__ == "__main__":
    collect(force="--force" in sys.argv)
