"""Shared fixtures: the site, built once per test session."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"en": ("mkdocs.yml", ""), "zh": ("mkdocs.zh.yml", "zh")}


# Every test session runs the notebooks afresh (tools/notebooks.py), once for
# both languages, and never reuses a run from an earlier build.
os.environ.setdefault("NOTEBOOK_CACHE", tempfile.mkdtemp(prefix="notebook-runs-"))


def build(config: str, site_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BENCH_MODE="tiny")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "-f", config, "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """Both languages, built strictly, English at / and Chinese at /zh/."""
    root = tmp_path_factory.mktemp("site")
    for language, (config, prefix) in CONFIGS.items():
        result = build(config, root / prefix)
        assert result.returncode == 0, (
            f"mkdocs build --strict -f {config} failed:\n{result.stdout}\n{result.stderr}")
    return root




# --- Proofs about the originals must run and pass -------------------------------
# A proof that was skipped (in its body, by a fixture, a module mark or a
# parametrize mark) or xfailed proves nothing. At the end of the session,
# each proof this session collected must have passed.

_proof_items: dict[str, str] = {}  # nodeid -> "module::test" of a registered proof
_passed: set[str] = set()


def pytest_collection_finish(session):
    import originals
    proofs = originals.registered()
    for item in session.items:
        function = getattr(item, "function", None)
        if function is not None and proofs.get((item.module.__name__, item.originalname)) is function:
            _proof_items[item.nodeid] = f"{item.module.__name__}::{item.originalname}"


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and not hasattr(report, "wasxfail"):
        _passed.add(report.nodeid)


def unproven(collected: dict[str, str], passed: set[str]) -> list[str]:
    """Proofs that were collected but did not pass."""
    return sorted(name for nodeid, name in collected.items() if nodeid not in passed)


def pytest_sessionfinish(session, exitstatus):
    failed = unproven(_proof_items, _passed)
    if failed and exitstatus == 0:
        print("\nThese proofs about the originals did not run and pass (skipped, xfailed "
              "or failed), so they prove nothing:\n  " + "\n  ".join(failed), file=sys.stderr)
        session.exitstatus = 1
