"""Rules 1-3: every listing runs as a real script.

Every file in snippets/ and every runnable fenced Python block on every page
(both languages) runs as `python file.py` in a fresh subprocess; a listing
that may start processes runs under fork, spawn and forkserver.
"""

from pathlib import Path

import pytest

import pages
from runner import OWN_METHODS, ROOT, check, methods_for, run_script

SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))


def snippet_cases():
    for path in SNIPPETS:
        name = str(path.relative_to(ROOT / "snippets"))
        for method in methods_for(path.read_text(encoding="utf-8")):
            yield pytest.param(path, method, id=f"{name}[{method}]" if method else name)


def inline_cases():
    for language in pages.LANGUAGES:
        for page in pages.page_files(language):
            for block in pages.parse(page)[0]:
                if block.kind == "run":
                    for method in methods_for(block.code):
                        name = block.name + (f"[{method}]" if method else "")
                        yield pytest.param(block, method, id=name,
                                           marks=[eval(m, {"pytest": pytest})
                                                  for m in block.marks])


@pytest.mark.parametrize("path, method", list(snippet_cases()))
def test_snippet(path: Path, method, tmp_path):
    expected_file = path.with_suffix(".out")
    assert expected_file.exists(), (
        f"{path.relative_to(ROOT)} has no expected output {expected_file.name} beside it")
    expected = expected_file.read_text(encoding="utf-8")
    source = path.read_text(encoding="utf-8")
    run = run_script(path, tmp_path, method)
    problems = check(str(path.relative_to(ROOT)), run, expected, method,
                     may_start_processes=method is not None,
                     own_methods=bool(OWN_METHODS.search(source)))
    assert not problems, problems[0]


@pytest.mark.parametrize("block, method", list(inline_cases()))
def test_inline_block(block: pages.Block, method, tmp_path):
    script = tmp_path / "block.py"
    script.write_text(block.code, encoding="utf-8")
    run = run_script(script, tmp_path, method)
    problems = check(f"the block at {block.name}", run, block.expected_output,
                     method, may_start_processes=method is not None)
    assert not problems, problems[0]


def test_every_snippet_has_a_twin_output_file():
    orphans = [str(p.relative_to(ROOT)) for p in (ROOT / "snippets").rglob("*.out")
               if not p.with_suffix(".py").exists()]
    assert not orphans, f"expected outputs with no listing: {orphans}"
