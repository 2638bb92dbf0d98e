"""Run each notebook once per build, and give both languages its outputs.

The en and zh twins of a notebook have the same code cells
(tests/test_pages.py), so the build runs whichever it meets first, in an
empty temporary directory (a notebook that writes files leaves nothing in
examples/), every cell under a deadline, and both pages show the outputs of
that one run. A cell that raises, writes to stderr or outlives its deadline
stops the build, naming the notebook and the cell.

Runs are cached in $NOTEBOOK_CACHE (.cache/notebooks/ unless set), keyed by
the code cells, requirements.txt, this file and the machine's identity
(tools/machine.py), like the listings (tools/listings.py). The test suite
points NOTEBOOK_CACHE at a fresh folder, so every test session runs them.

Usage, to run one while writing it:  python tools/notebooks.py examples/en/x.ipynb
"""

import functools
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


class NotebookCellFailed(RuntimeError):
    pass


def cell_timeout() -> int:
    return int(os.environ.get("NOTEBOOK_CELL_TIMEOUT", "120"))


def cache_dir() -> Path:
    return Path(os.environ.get("NOTEBOOK_CACHE", ROOT / ".cache" / "notebooks"))


def code_sources(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


@functools.cache
def machine_identity() -> str:
    """Taken in a fresh interpreter: in the build's own process it would
    depend on which libraries the hooks had loaded by then (BLAS pools)."""
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import machine; "
            "print(json.dumps(machine.identity(machine.facts()), sort_keys=True))")
    return subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)],
                          capture_output=True, text=True, check=True, timeout=120).stdout


def cache_file(path: Path, notebook) -> Path:
    digest = hashlib.sha256(json.dumps(code_sources(notebook)).encode())
    for part in (ROOT / "requirements.txt", Path(__file__)):
        digest.update(part.read_bytes())
    digest.update(machine_identity().encode())
    return cache_dir() / f"{path.stem}-{digest.hexdigest()[:16]}.json"


def first_line(cell) -> str:
    lines = cell.source.strip().splitlines()
    return lines[0] if lines else ""


def run(path: Path, notebook) -> dict:
    """Run a notebook's code cells in order; return each one's outputs."""
    with tempfile.TemporaryDirectory() as workdir:
        # IPC sockets in the temporary directory: the kernel listens on no port
        # (async: nbclient polls the kernel's channels on one event loop)
        kernel = AsyncKernelManager(kernel_name="python3", transport="ipc",
                               connection_file=os.path.join(workdir, ".kernel.json"))
        client = NotebookClient(notebook, km=kernel, timeout=cell_timeout(), allow_errors=False,
                                resources={"metadata": {"path": workdir}})
        start = time.perf_counter()
        outputs, seconds = [], []
        try:
            run_cells(client, path, notebook, outputs, seconds)
        finally:
            if kernel.has_kernel:
                run_sync(kernel.shutdown_kernel)(now=False)
    return {"notebook": str(path), "seconds": round(time.perf_counter() - start, 2),
            "cell_seconds": seconds, "outputs": outputs}


def run_cells(client, path, notebook, outputs, seconds):
    """Each code cell in order, appending its outputs and seconds."""
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            began = time.perf_counter()
            try:
                client.execute_cell(cell, index)
            except Exception as error:
                raise NotebookCellFailed(
                    f"{path}, cell {index + 1} ({first_line(cell)!r}): "
                    f"{type(error).__name__}: {error}") from None
            written = "".join(o.get("text", "") for o in cell.outputs
                              if o.output_type == "stream" and o.name == "stderr")
            if written:  # as for a listing: a warning is a problem to fix, not to show
                raise NotebookCellFailed(f"{path}, cell {index + 1} ({first_line(cell)!r}) "
                                         f"wrote to stderr:\n{written}")
            outputs.append(cell.outputs)
            seconds.append(round(time.perf_counter() - began, 2))


def with_outputs(path: Path) -> tuple:
    """The notebook at `path` with the outputs of this build's run of its
    code (run now, or the twin's run from the cache), and the run's record."""
    notebook = nbformat.read(path, as_version=4)
    cached = cache_file(path, notebook)
    if cached.exists():
        result = json.loads(cached.read_text(encoding="utf-8"))
    else:
        print(f"    {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: running ...",
              end="", flush=True, file=sys.stderr)
        result = run(path, nbformat.read(path, as_version=4))
        print(f" {result['seconds']:.1f} s", flush=True, file=sys.stderr)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result, indent=1), encoding="utf-8")
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for count, (cell, outputs) in enumerate(zip(code_cells, result["outputs"]), 1):
        cell.outputs = [nbformat.from_dict(output) for output in outputs]
        cell.execution_count = count
    return notebook, result


if __name__ == "__main__":
    for name in sys.argv[1:]:
        notebook, record = with_outputs(Path(name).resolve())
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            print(f"--- In [{cell.execution_count}]: {first_line(cell)}")
            for output in cell.outputs:
                if output.output_type == "stream":
                    print(output.text, end="")
                elif "text/plain" in output.get("data", {}):
                    print(output.data["text/plain"])
                    if "image/png" in output.data:
                        print("[image/png]")
        print(f"=== {name}: {record['seconds']} s; per cell: {record['cell_seconds']}")
