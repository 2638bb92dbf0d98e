"""Rules 1-3: every listing runs as a real script.

Every file in snippets/ and every runnable fenced Python block on every page
(both languages, notebooks' Markdown included) runs as `python file.py` in a
fresh subprocess; a listing that may start processes runs under fork, spawn
and forkserver. Each one also runs once more with thread scheduling
disturbed (tests/startmethod/sitecustomize.py), and must print the same.
"""

from pathlib import Path

import pytest

import pages
from runner import (DECLARED_VARIES, OWN_METHODS, ROOT, check, constant_placeholders,
                    methods_for, output_matches, placeholders_without_unit, run_script)

import conditions  # noqa: E402  (tools/, put on sys.path by runner)

SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))
DISTURBED = "disturbed"
EXTRA_RUNS = 2  # more plain runs before a placeholder is called constant


def disturbed_method(methods):
    """The start method of the disturbed run: spawn, the one every platform has."""
    return "spawn" if "spawn" in methods else methods[0]


def snippet_cases():
    for path in SNIPPETS:
        name = str(path.relative_to(ROOT / "snippets"))
        methods = methods_for(path.read_text(encoding="utf-8"))
        for method in methods:
            yield pytest.param(path, method, id=f"{name}[{method}]" if method else name)
        yield pytest.param(path, DISTURBED, id=f"{name}[{DISTURBED}]")


def inline_cases():
    for language in pages.LANGUAGES:
        for page in pages.sources(language):
            for block in pages.parse(page)[0]:
                if block.kind != "run":
                    continue
                skip = pytest.mark.skipif(block.skipped_here,
                                          reason=f"skipif({block.skip_condition}) holds here")
                methods = methods_for(block.code)
                for method in (*methods, DISTURBED):
                    name = block.name + (f"[{method}]" if method else "")
                    yield pytest.param(block, method, id=name, marks=[skip])


def run_and_check(name, script, expected, method, source, tmp_path):
    """One run; for DISTURBED, one plain run and one disturbed run, which
    must both print what is expected, with placeholders that really vary."""
    own = bool(OWN_METHODS.search(source))
    processes = methods_for(source) != (None,)
    if method != DISTURBED:
        run = run_script(script, tmp_path, method)
        return check(name, run, expected, method, processes, own)
    method = disturbed_method(methods_for(source))
    plain = run_script(script, tmp_path, method)
    disturbed = run_script(script, tmp_path, method, disturb=True)
    problems = check(name, plain, expected, method, processes, own) + check(
        f"{name} with thread scheduling disturbed", disturbed, expected, method, processes, own)
    if expected is None and plain.stdout != disturbed.stdout:
        problems.append(f"{name}: output changed when thread scheduling was disturbed:\n"
                        f"--- plain ---\n{plain.stdout}--- disturbed ---\n{disturbed.stdout}")
    bare = placeholders_without_unit(expected or "")
    if bare and not DECLARED_VARIES.search(source):
        problems.append(f"{name}: a placeholder with no unit after it stands for a count or a "
                        "result, which must be printed as it is; or declare why it varies with "
                        "a comment '# Output varies: <why>':\n" + "\n".join(dict.fromkeys(bare)))
    outputs = [plain.stdout, disturbed.stdout]
    constant = constant_placeholders(expected or "", outputs)
    for _ in range(EXTRA_RUNS if constant and not DECLARED_VARIES.search(source) else 0):
        # A stable timing can round to the same value twice (CI once printed
        # 35.3 ms in both runs); a value that never varies stays the same.
        extra = run_script(script, tmp_path, method).stdout
        if output_matches(expected, extra):
            outputs.append(extra)
            constant = constant_placeholders(expected, outputs)
        if not constant:
            break
    if constant and not DECLARED_VARIES.search(source):
        problems.append(f"{name}: these placeholders stood for the same value in every run; "
                        "write the value, or declare it in the listing with a comment "
                        "'# Output varies: <why>':\n" + "\n".join(constant))
    return problems


@pytest.mark.parametrize("path, method", list(snippet_cases()))
def test_snippet(path: Path, method, tmp_path):
    expected_file = path.with_suffix(".out")
    assert expected_file.exists(), (
        f"{path.relative_to(ROOT)} has no expected output {expected_file.name} beside it")
    problems = run_and_check(str(path.relative_to(ROOT)), path,
                             expected_file.read_text(encoding="utf-8"), method,
                             path.read_text(encoding="utf-8"), tmp_path)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("block, method", list(inline_cases()))
def test_inline_block(block: pages.Block, method, tmp_path):
    script = tmp_path / "block.py"
    script.write_text(block.code, encoding="utf-8")
    problems = run_and_check(f"the block at {block.name}", script, block.expected_output,
                             method, block.code, tmp_path)
    assert not problems, "\n\n".join(problems)


def needless_skip(block: pages.Block, tmp_path: Path) -> str | None:
    """A block skipped here must really fail here: run it once anyway. If it
    passes, its skip only hides it from the suite."""
    script = tmp_path / "skipped_block.py"
    script.write_text(block.code, encoding="utf-8")
    method = methods_for(block.code)[0]
    run = run_script(script, tmp_path, method)
    if check(block.name, run, block.expected_output, method, method is not None):
        return None
    return (f"{block.name} is skipped here ({block.skip_condition}), yet it runs and "
            "prints what it should: remove its skipif, so that the suite runs it")


def skipped_blocks():
    for language in pages.LANGUAGES:
        for page in pages.sources(language):
            for block in pages.parse(page)[0]:
                if block.kind == "run" and block.skipped_here:
                    yield pytest.param(block, id=block.name)


@pytest.mark.parametrize("block", list(skipped_blocks()))
def test_a_block_skipped_here_cannot_run_here(block, tmp_path):
    problem = needless_skip(block, tmp_path)
    assert problem is None, problem


@pytest.mark.parametrize("block", list(skipped_blocks()))
def test_a_skipped_block_runs_where_a_newer_python_is_installed(block, tmp_path):
    """A block skipped because this Python is too old runs here anyway with a
    newer one, if this machine has it installed (tools/conditions.py), and
    must print what the page says."""
    python = conditions.interpreter_for(block.skip_condition)
    if python is None:
        pytest.skip(f"no Python on this machine satisfies not ({block.skip_condition})")
    script = tmp_path / "skipped_block.py"
    script.write_text(block.code, encoding="utf-8")
    method = methods_for(block.code)[0]
    run = run_script(script, tmp_path, method, python=python)
    problems = check(f"{block.name} under {python}", run, block.expected_output, method,
                     method is not None)
    assert not problems, "\n\n".join(problems)


def test_every_snippet_has_a_twin_output_file():
    orphans = [str(p.relative_to(ROOT)) for p in (ROOT / "snippets").rglob("*.out")
               if not p.with_suffix(".py").exists()]
    assert not orphans, f"expected outputs with no listing: {orphans}"
