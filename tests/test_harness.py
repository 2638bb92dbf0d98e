"""The harness's own checks can fail: each test here feeds one of them a
broken listing, page or site and expects it to object."""

import json
import subprocess
import sys
import textwrap
import time

import pytest

import pages
import test_pages
import test_site
from runner import ROOT, check, output_matches, run_script


def script(tmp_path, source, name="listing.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


# --- rule 1: exit status, stderr, exact output, placeholders ---------------

def test_placeholders_match_only_what_they_stand_for():
    assert output_matches("took <float> s\n", "took 0.53 s\n")
    assert output_matches("<int> items\n", "12 items\n")
    assert not output_matches("took <float> s\n", "took fast s\n")
    assert not output_matches("took <float> s\n", "took 0.53 s\nextra\n")
    assert not output_matches("a\nb\n", "b\na\n")
    assert not output_matches("[1, 2]\n", "[1, 2] \n")


@pytest.mark.parametrize("source, problem", [
    ("print('hello')\nraise SystemExit(3)\n", "did not exit with status 0"),
    ("import sys\nprint('hello')\nprint('careful', file=sys.stderr)\n", "wrote to stderr"),
    ("print('hullo')\n", "output differs"),
])
def test_a_failing_listing_is_reported_with_its_output(tmp_path, source, problem):
    run = run_script(script(tmp_path, source), tmp_path)
    problems = check("listing.py", run, "hello\n", None, may_start_processes=False)
    assert problems and problem in problems[0]
    assert "--- stdout ---" in problems[0] and "--- stderr ---" in problems[0]


def test_the_diff_shows_expected_against_actual(tmp_path):
    run = run_script(script(tmp_path, "print('one')\nprint('three')\n"), tmp_path)
    message = check("listing.py", run, "one\ntwo\n", None, False)[0]
    assert "-two" in message and "+three" in message


def test_main_guard_bodies_run(tmp_path):
    # pytest-codeblocks' own runner exec()s blocks with __name__ != "__main__".
    run = run_script(script(tmp_path, "if __name__ == '__main__':\n    print('ran')\n"), tmp_path)
    assert run.stdout == "ran\n"


# --- rule 7: nothing hangs -------------------------------------------------

def test_a_hanging_listing_and_its_children_are_killed(tmp_path):
    source = """
        import multiprocessing, time

        def forever():
            time.sleep(600)

        if __name__ == "__main__":
            child = multiprocessing.Process(target=forever)
            child.start()
            print("started", flush=True)
            child.join()
    """
    started = time.monotonic()
    run = run_script(script(tmp_path, source), tmp_path, "spawn", timeout=3)
    assert time.monotonic() - started < 30
    assert run.returncode is None and run.stdout == "started\n"
    message = check("listing.py", run, None, "spawn", True)[0]
    assert "killed at the timeout" in message and "started" in message


# --- rule 2: start methods -------------------------------------------------

PROCESS_LISTING = """
    import multiprocessing

    def work(queue):
        queue.put(multiprocessing.current_process().name)

    if __name__ == "__main__":
        queue = multiprocessing.Queue()
        child = multiprocessing.Process(target=work, args=(queue,), name="child")
        child.start()
        print(queue.get(timeout=30))
        child.join(timeout=30)
"""


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_the_start_method_is_forced_and_recorded(tmp_path, method):
    run = run_script(script(tmp_path, PROCESS_LISTING), tmp_path, method)
    assert run.returncode == 0, run.stderr
    assert run.start_methods == [method]
    assert check("listing.py", run, "child\n", method, True) == []


def test_a_listing_that_overrides_the_forced_method_is_caught(tmp_path):
    source = PROCESS_LISTING.replace("multiprocessing.Process(", "multiprocessing.get_context('fork').Process(")
    run = run_script(script(tmp_path, source), tmp_path, "spawn")
    assert "its processes used ['fork']" in check("listing.py", run, None, "spawn", True)[0]


def test_a_listing_that_starts_processes_unnoticed_is_caught(tmp_path):
    source = PROCESS_LISTING.replace("import multiprocessing", "mp = __import__('multi' + 'processing')")
    source = source.replace("multiprocessing.", "mp.")
    run = run_script(script(tmp_path, source), tmp_path)
    assert run.start_methods
    assert "not run under every start method" in check("listing.py", run, None, None, False)[0]


# --- rule 3: every fence is collected --------------------------------------

def test_fences_the_plugin_would_miss_are_collected_or_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(textwrap.dedent('''
        ```py
        print("short name")
        ```

        ```python title="with a title"
        print("titled")
        ```

        ~~~python
        print("tilde fence")
        ~~~

        ```bash
        make test
        ```

        !!! excerpt "Excerpt"

            ```bash
            make serve
            ```
    '''), encoding="utf-8")
    blocks, problems = pages.parse(page)
    kinds = [(b.lineno, b.kind) for b in blocks]
    assert kinds == [(2, "run"), (6, "run"), (14, "untested"), (20, "excerpt")]
    assert any(":10: fence 'python' was not collected" in p for p in problems)
    assert any(":14: a bash block that is not run" in p for p in problems)


def test_an_include_line_is_never_run_as_python(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('```python\n--8<-- "snippets/threads/start_join.py"\n```\n', encoding="utf-8")
    [block], problems = pages.parse(page)
    assert block.kind == "include" and not problems


# --- rule 4: parity --------------------------------------------------------

def test_twin_pages_with_different_code_are_caught(tmp_path):
    en, zh = tmp_path / "en.md", tmp_path / "zh.md"
    en.write_text('```python\nprint("hello")\n```\n', encoding="utf-8")
    zh.write_text('```python\nprint("你好")\n```\n', encoding="utf-8")
    assert test_pages.code_of(en) != test_pages.code_of(zh)


# --- rule 6: the built site ------------------------------------------------

def test_an_untested_block_in_the_html_is_caught(tmp_path):
    html = tmp_path / "page.html"
    html.write_text('''
        <div class="highlight"><pre><code>print("tested")</code></pre></div>
        <div class="highlight"><pre><code>print("never run")</code></pre></div>
        <div class="admonition original"><pre><code>print("labelled")</code></pre></div>
        <pre class="mermaid"><code>flowchart TD</code></pre>
    ''', encoding="utf-8")
    problems = test_site.untraced_blocks(html, {'print("tested")'})
    assert len(problems) == 1 and "never run" in problems[0]


def test_a_request_to_another_host_is_caught():
    assert test_site.is_other_host("https://fonts.googleapis.com/css?family=Roboto")
    assert test_site.is_other_host("//unpkg.com/mermaid")
    assert not test_site.is_other_host("../assets/stylesheets/main.css")


def test_a_failing_notebook_cell_fails_the_build(tmp_path):
    docs = tmp_path / "docs"
    (docs / "examples").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                           "outputs": [], "source": "raise RuntimeError('broken cell')"}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (docs / "examples" / "broken.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(textwrap.dedent(f'''
        INHERIT: {ROOT / "mkdocs.yml"}
        docs_dir: {docs}
        site_dir: {tmp_path / "site"}
        theme:
          custom_dir: {ROOT / "overrides"}
        hooks: []
        nav:
          - index.md
          - examples/broken.ipynb
    '''), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "broken cell" in result.stdout + result.stderr
