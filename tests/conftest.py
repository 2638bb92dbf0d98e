"""Shared fixtures: the site, built once per test session."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"en": ("mkdocs.yml", ""), "zh": ("mkdocs.zh.yml", "zh")}


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


