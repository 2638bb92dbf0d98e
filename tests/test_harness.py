"""The harness's own checks can fail: each test here feeds one of them a
broken listing, page or site and expects it to object."""

import json
import os
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest

import pages
import runner
import test_listings
import test_pages
import test_site
from runner import ROOT, check, output_matches, run_script

sys.path.insert(0, str(ROOT / "hooks"))


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
    original = (ROOT / "originals" / "003_threads_basic.py").read_text(encoding="utf-8")
    html.write_text(f'''
        <h2>Section</h2>
        <div class="highlight"><pre><code>print("tested")</code></pre></div>
        <div class="highlight"><pre><code>print("never run")</code></pre></div>
        <div class="admonition original"><p class="admonition-title">Original — an article</p>
          <pre><code>{original}</code></pre></div>
        <pre class="mermaid"><code>flowchart TD</code></pre>
    ''', encoding="utf-8")
    problems = test_site.untraced_blocks(html, {'print("tested")'}, "en", "docs/en/page.md",
                                         skipped=set())
    assert len(problems) == 1 and "never run" in problems[0]
    # The message names the source page and the section, not the built file.
    assert problems[0].startswith("docs/en/page.md (under “Section”)")


def test_a_request_to_another_host_is_caught():
    assert test_site.is_other_host("https://fonts.googleapis.com/css?family=Roboto")
    assert test_site.is_other_host("//unpkg.com/mermaid")
    assert not test_site.is_other_host("../assets/stylesheets/main.css")


def build_with_notebook(tmp_path, source, env=None):
    """Build a one-page site plus a notebook with one code cell."""
    docs = tmp_path / "docs"
    (docs / "examples").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                           "outputs": [], "source": source}],
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
        hooks: [{ROOT / "hooks" / "notebooks.py"}]
        nav:
          - index.md
          - examples/broken.ipynb
    '''), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})


def test_a_failing_notebook_cell_fails_the_build(tmp_path):
    result = build_with_notebook(tmp_path, "raise RuntimeError('broken cell')")
    assert result.returncode != 0
    assert "broken cell" in result.stdout + result.stderr
    assert "broken.ipynb, cell 1" in result.stdout + result.stderr


# --- labelled boxes --------------------------------------------------------

def boxed(tmp_path, kind, title, code, language="en"):
    html = tmp_path / "box.html"
    html.write_text(f'<div class="admonition {kind}"><p class="admonition-title">{title}</p>'
                    f'<div class="highlight"><pre><code>{code}</code></pre></div></div>',
                    encoding="utf-8")
    return test_site.untraced_blocks(html, {"a = 1\nb = 2\nc = 3"}, language, skipped=set())


def test_a_box_needs_its_visible_title(tmp_path):
    assert boxed(tmp_path, "excerpt", "Excerpt — two lines", "a = 1\nb = 2") == []
    assert boxed(tmp_path, "excerpt", "节选 — 两行", "a = 1\nb = 2", "zh") == []
    # The class alone (raw HTML, or a box titled otherwise) does not count.
    assert "without its visible title" in boxed(tmp_path, "excerpt", "Note", "a = 1")[0]
    assert "without its visible title" in boxed(tmp_path, "original", "Excerpt — x", "a = 1")[0]


def test_an_excerpt_must_be_consecutive_lines_of_something_tested(tmp_path):
    assert boxed(tmp_path, "excerpt", "Excerpt — x", "b = 2\nc = 3") == []
    problem = boxed(tmp_path, "excerpt", "Excerpt — x", "a = 1\nc = 3")
    assert "not a run of consecutive lines" in problem[0]
    assert "not a run of consecutive lines" in boxed(tmp_path, "excerpt", "Excerpt — x", "d = 4")[0]


def test_an_original_box_shows_only_a_file_of_originals(tmp_path):
    problem = boxed(tmp_path, "original", "Original — x", "print('my own code')")
    assert "not a file in originals/" in problem[0]
    page = tmp_path / "page.md"
    page.write_text('!!! original "Original — x"\n\n    ```python\n    print("mine")\n    ```\n',
                    encoding="utf-8")
    assert any("may hold only an include" in p for p in pages.parse(page)[1])


def test_every_original_needs_a_proof(tmp_path):
    import originals
    for name in [*originals.proofs(), "009_new_article.py"]:
        (tmp_path / name).write_text("print(1)\n", encoding="utf-8")
    assert originals.missing_proofs(tmp_path) == ["009_new_article.py"]


# --- markers ---------------------------------------------------------------

@pytest.mark.parametrize("marker, problem", [
    ("<!-- pytest.mark.xfail -->", "is not allowed"),
    ("<!-- pytest.mark.skip(reason='later') -->", "is not allowed"),
    ("<!--pytest-codeblocks:skip-->", "is not allowed"),
    ("<!-- pytest.mark.skipif(True, reason='never') -->", "not one of the declared conditions"),
    ("<!-- pytest.mark.skipif(sys.version_info < (3, 13)) -->", "needs a reason"),
    ("<!-- pytest.mark.skipif(sys.version_info < (3, 13), reason='3.13 API') -->", None),
])
def test_only_declared_skips_are_allowed(tmp_path, marker, problem):
    page = tmp_path / "page.md"
    page.write_text(f"{marker}\n\n```python\nprint(1)\n```\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        problems = pages.parse(page)[1]
    assert (problem is None and problems == []) or any(problem in p for p in problems), problems


def test_a_skipped_block_is_not_counted_as_tested(tmp_path):
    html = tmp_path / "page.html"
    code = "import torch"
    html.write_text(f'<div class="highlight"><pre><code>{code}</code></pre></div>', encoding="utf-8")
    problems = test_site.untraced_blocks(html, tested=set(), skipped={code})
    assert "a skipped block without its note" in problems[0]
    html.write_text('<div class="admonition not-run"><p class="admonition-title">Not run</p></div>'
                    f'<div class="highlight"><pre><code>{code}</code></pre></div>', encoding="utf-8")
    assert test_site.untraced_blocks(html, tested=set(), skipped={code}) == []
    output = "cuda"  # the skipped block's expected output, right after it
    block = f'<div class="highlight"><pre><code>{code}</code></pre></div>'
    shown = f'<div class="highlight"><pre><code>{output}</code></pre></div>'
    note = '<div class="admonition not-run"><p class="admonition-title">Not run</p></div>'
    html.write_text(note + block + shown, encoding="utf-8")
    assert test_site.untraced_blocks(html, tested=set(), skipped={code, output}) == []
    html.write_text(block + shown, encoding="utf-8")  # no note before the block
    assert len(test_site.untraced_blocks(html, tested=set(), skipped={code, output})) == 2


def test_the_build_says_why_a_block_was_not_run(monkeypatch):
    import conditions
    import skipped
    monkeypatch.setattr(conditions, "CONDITIONS", {
        "holds()": (lambda: True, {"zh": "原因"}), "fails()": (lambda: False, {"zh": "无"})})
    markdown = ("    <!-- pytest.mark.skipif(holds(), reason='x') -->\n"
                "<!-- pytest.mark.skipif(fails(), reason='y') -->\n")
    shown = skipped.on_page_markdown(markdown, None, {"theme": {"language": "zh"}}, None)
    assert shown.count("!!! not-run") == 1 and "    !!! not-run \"本次构建未运行\"" in shown
    assert "原因" in shown


# --- output checks ---------------------------------------------------------

SCHEDULING_DEPENDENT = """
    import threading, time

    def say(word, delay):
        time.sleep(delay)
        print(word)

    if __name__ == "__main__":
        threads = [threading.Thread(target=say, args=("a", 0.01)),
                   threading.Thread(target=say, args=("b", 0.02))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=5)
"""


def test_a_listing_that_depends_on_scheduling_fails_the_disturbed_run(tmp_path):
    path = script(tmp_path, SCHEDULING_DEPENDENT)
    source = path.read_text(encoding="utf-8")
    assert test_listings.run_and_check("race.py", path, "a\nb\n", None, source, tmp_path) == []
    problems = test_listings.run_and_check("race.py", path, "a\nb\n", "disturbed", source, tmp_path)
    assert len(problems) == 1 and "race.py with thread scheduling disturbed" in problems[0]
    assert "+b\n a\n-b" in problems[0] or "-a" in problems[0], problems[0]


def test_a_placeholder_must_stand_for_a_value_that_varies(tmp_path):
    source = ("import time\nstart = time.perf_counter()\ntime.sleep(0.01)\n"
              "print(f'{4} s {round(time.perf_counter() - start, 6)} s')\n")
    path = script(tmp_path, source)
    problems = test_listings.run_and_check("p.py", path, "<int> s <float> s\n", "disturbed",
                                           source, tmp_path)
    assert len(problems) == 1 and "'<int> s <float> s': always 4" in problems[0], problems
    declared = "# Output varies: the count depends on the machine\n" + source
    path = script(tmp_path, declared)
    assert test_listings.run_and_check("p.py", path, "<int> s <float> s\n", "disturbed",
                                       declared, tmp_path) == []


def test_a_value_that_rounds_the_same_twice_gets_more_runs(tmp_path):
    # Prints 1.0 ms in its first two runs and 2.0 ms after: a stable timing
    # that happened to round the same way twice is not called constant.
    count = tmp_path / "runs"
    source = (f"from pathlib import Path\np = Path({str(count)!r})\n"
              "n = len(p.read_text()) if p.exists() else 0\np.write_text('x' * (n + 1))\n"
              "print(f'{1.0 if n < 2 else 2.0} ms')\n")
    path = script(tmp_path, source)
    assert test_listings.run_and_check("p.py", path, "<float> ms\n", "disturbed",
                                       source, tmp_path) == []
    assert count.read_text() == "xxx"


def test_an_inline_block_that_prints_needs_its_expected_output(tmp_path):
    run = run_script(script(tmp_path, "print('hi')\n"), tmp_path)
    assert "no expected output is given" in check("block", run, None, None, False)[0]
    run = run_script(script(tmp_path, "x = 1\n"), tmp_path)
    assert check("block", run, None, None, False) == []


def test_an_output_follows_its_own_listing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('```python\n--8<-- "snippets/threads/start_join.py"\n```\n\n'
                    '```text\n--8<-- "snippets/threads/thread_errors.out"\n```\n\n'
                    '```text\n--8<-- "snippets/threads/start_join.out"\n```\n', encoding="utf-8")
    problems = pages.parse(page)[1]
    assert len(problems) == 2, problems
    assert "thread_errors.out does not follow its listing" in problems[0]
    assert "start_join.out does not follow" in problems[1]  # it follows an output, not its .py


def test_a_listing_hidden_in_an_html_comment_is_not_shown(tmp_path):
    html = tmp_path / "page.html"
    html.write_text('<!-- <div class="highlight"><pre><code>print(1)</code></pre></div> -->'
                    '<div class="highlight"><pre><code>print(2)</code></pre></div>', encoding="utf-8")
    assert test_site.shown_texts([html]) == {"print(2)"}


def test_blocks_joined_by_cont_are_each_traced(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```python\nx = 1\n```\n\n<!--pytest-codeblocks:cont-->\n\n"
                    "```python\nprint(x)\n```\n\n<!--pytest-codeblocks:expected-output-->\n\n"
                    "```text\n1\n```\n", encoding="utf-8")
    [block], problems = pages.parse(page)
    assert not problems and block.code == "x = 1\nprint(x)\n"
    assert block.parts == ["x = 1\n", "print(x)\n"]  # what the page shows, fence by fence


# --- processes -------------------------------------------------------------

@pytest.mark.parametrize("starter", [
    "import os\npid = getattr(os, 'fo' + 'rk')()\nif pid == 0:\n    os._exit(0)\nos.waitpid(pid, 0)\n",
    "sp = __import__('subpro' + 'cess')\nsp.run(['true'], check=True)\n",
])
def test_fork_and_subprocess_count_as_starting_processes(tmp_path, starter):
    run = run_script(script(tmp_path, starter), tmp_path)
    assert run.returncode == 0, run.stderr
    assert "not run under every start method" in check("listing.py", run, None, None, False)[0]
    for source in ("import subprocess", "os.fork()", "from joblib import Parallel",
                   "import dask", "import ray"):
        assert runner.starts_processes(source), source


def test_a_process_left_running_fails_the_listing_and_is_killed(tmp_path):
    source = """
        import subprocess, sys
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(child.pid)
    """
    started = time.monotonic()
    run = run_script(script(tmp_path, source), tmp_path, timeout=30)
    assert time.monotonic() - started < 20
    assert run.returncode == 0 and len(run.leftovers) == 1, run
    assert "left processes running" in check("listing.py", run, None, None, True)[0]
    time.sleep(0.5)
    assert runner.leftover_processes(int(run.stdout.split()[0])) == []


def test_the_own_methods_comment_needs_every_method_used(tmp_path):
    source = PROCESS_LISTING.replace(
        "if __name__", "# This listing picks its own start methods.\n    if __name__")
    run = run_script(script(tmp_path, source), tmp_path, "spawn")
    problems = check("listing.py", run, "child\n", "spawn", True, own_methods=True)
    assert "started no process with ['fork', 'forkserver']" in problems[0]


# --- engines that start processes: joblib, Dask, Ray ---------------------

def test_joblib_and_ray_listings_run_once_their_own_way_and_dask_under_every_method():
    methods_for = runner.methods_for
    assert methods_for("from joblib import Parallel, delayed") == (runner.OWN_WAY,)
    assert methods_for("import ray") == (runner.OWN_WAY,)
    assert methods_for('import joblib\nParallel(backend="multiprocessing")') == runner.START_METHODS
    assert methods_for("import ray\nimport subprocess") == runner.START_METHODS
    assert methods_for("from dask.distributed import Client") == runner.START_METHODS


DASK_LISTING = """
    import logging
    from dask.distributed import Client, LocalCluster

    def square(x):
        return x * x

    if __name__ == "__main__":
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster:
            with Client(cluster) as client:
                print(client.gather(client.map(square, range(4))))
"""


def test_dask_worker_processes_use_the_start_method_asked_for(tmp_path):
    run = run_script(script(tmp_path, DASK_LISTING), tmp_path, "forkserver")
    assert check("listing.py", run, "[0, 1, 4, 9]\n", "forkserver", True) == []
    assert run.start_methods == ["forkserver", "forkserver"], run.log


def test_joblib_workers_are_seen_as_loky_processes(tmp_path):
    source = """
        from joblib import Parallel, delayed

        def square(x):
            return x * x

        if __name__ == "__main__":
            print(Parallel(n_jobs=2)(delayed(square)(i) for i in range(4)))
    """
    run = run_script(script(tmp_path, source), tmp_path, runner.OWN_WAY)
    assert "loky" in run.start_methods, run.log
    assert check("listing.py", run, "[0, 1, 4, 9]\n", runner.OWN_WAY, True) == []
    unnoticed = check("listing.py", run, "[0, 1, 4, 9]\n", None, False)
    assert unnoticed and "it started processes" in unnoticed[0]


# --- notebooks -------------------------------------------------------------

def notebook(cells):
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def code_cell(source, **extra):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source, **extra}


def test_notebook_tags_and_committed_outputs_are_refused(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook([
        code_cell("1 / 0", metadata={"tags": ["raises-exception"]}),
        code_cell("slow()", metadata={"tags": ["skip-execution"]}),
        code_cell("1 + 1", outputs=[{"output_type": "execute_result"}], execution_count=1),
        code_cell("2 + 2"),
    ])), encoding="utf-8")
    problems = test_pages.notebook_problems(path)
    assert [p.split(":")[0] for p in problems] == ["cell 1", "cell 2", "cell 3"], problems


def test_only_a_writefile_of_a_module_imported_later_is_allowed(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook([
        code_cell("%%writefile tasks.py\ndef f(x):\n    return x\n"),
        code_cell("%%writefile unused.py\nx = 1\n"),
        code_cell("%%capture\n1 / 0"),
        code_cell("from tasks import f\nf(1)"),
    ])), encoding="utf-8")
    problems = test_pages.notebook_problems(path)
    assert [p.split(":")[0] for p in problems] == ["cell 2", "cell 3"], problems


def test_a_notebooks_markdown_is_checked_like_a_page(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook([
        {"cell_type": "markdown", "metadata": {}, "source": "Run:\n\n```bash\nmake test\n```\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "It took 1.5 s."},
    ])), encoding="utf-8")
    assert any("a bash block that is not run" in p for p in pages.parse(path)[1])
    assert test_pages.typed_numbers(path)


def test_a_hanging_notebook_cell_fails_the_build_naming_it(tmp_path):
    result = build_with_notebook(tmp_path, "import time\ntime.sleep(600)",
                                 {"NOTEBOOK_CELL_TIMEOUT": "3"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broken.ipynb, cell 1 ('import time')" in output and "CellTimeoutError" in output


# --- parity and numbers ----------------------------------------------------

def test_different_heading_ids_are_caught_showing_only_the_difference(tmp_path):
    en, zh = tmp_path / "en.md", tmp_path / "zh.md"
    en.write_text("# T\n\n## One {#one}\n\n## Two {#two}\n", encoding="utf-8")
    zh.write_text("# T\n\n## 一 {#one}\n\n## 二 {#deux}\n\n## 三\n", encoding="utf-8")
    a, b = pages.heading_ids(en), pages.heading_ids(zh)
    assert b == ["one", "deux", "(no id) ## 三"]
    assert test_pages.first_difference(a, b) == "item 2:\n  en: 'two'\n  zh: 'deux'"


def test_typed_timings_and_ratios_in_prose_are_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('It took 1.5 s, 3×, 20 ms and 2x faster.\n\n速度是它的 1.9 倍，用了 1 秒。\n\n'
                    'Fine: `sleep(1)` {{ value("a", "b", "speedup") }} “the article said 5 s” 3.11 '
                    '8 MB 2 cores PEP 703.\n\n```python\ntime.sleep(1)  # 1 s\n```\n', encoding="utf-8")
    found = [hit.split(": ", 1)[1].split(" in: ")[0] for hit in test_pages.typed_numbers(page)]
    assert found == ["'1.5 s'", "'3×'", "'20 ms'", "'2x'", "'1.9 倍'", "'1 秒'"], found


def test_a_typed_number_split_across_lines_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("The threads took 1.5\nseconds in all, and were 2\n× faster.\n\n"
                    "Python 3.11\nis fine, and so is a list of 2\n\nsections.\n", encoding="utf-8")
    found = [hit.split(": ", 1)[1].split(" in: ")[0] for hit in test_pages.typed_numbers(page)]
    assert found == ["'1.5 seconds'", "'2 ×'"], found


def test_pages_under_examples_are_scanned_like_pages(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    for name in ("guide.md", "n.ipynb"):
        (tmp_path / "en" / name).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(pages, "EXAMPLES", tmp_path)
    scanned = {p.name for p in pages.sources("en")}
    assert {"guide.md", "n.ipynb", "threads.md"} <= scanned


def test_a_skipped_proof_proves_nothing(monkeypatch):
    import originals
    import test_originals
    name = "test_003_a_failing_thread_goes_unnoticed"
    assert "003_threads_basic.py" not in originals.missing_proofs()
    @pytest.mark.skip(reason="a proof that never runs")
    def skipped():
        pass
    monkeypatch.setattr(test_originals, name, skipped)
    assert "003_threads_basic.py" in originals.missing_proofs()


def test_raw_cells_and_cell_magics_are_refused(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook([
        {"cell_type": "raw", "metadata": {}, "source": "import os"},
        code_cell("%%script true\nraise RuntimeError"),
    ])), encoding="utf-8")
    problems = test_pages.notebook_problems(path)
    assert ["cell 1", "cell 2"] == [p.split(":")[0] for p in problems], problems


def test_include_spellings_titles_and_markers_are_checked(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('```python title="snippets/threads/start_join.py"\n'
                    '--8<-- "./snippets/threads/numbers_letters.py"\n```\n\n'
                    '<!--pytest-codeblocks:expected-output-->\n\n'
                    '```text\n--8<-- "snippets/threads/thread_errors.out"\n```\n\n'
                    '!!! original "Original — x"\n\n    ```python\n'
                    '    --8<-- "./originals/003_threads_basic.py"\n'
                    '    --8<-- "snippets/threads/start_join.py"\n    ```\n', encoding="utf-8")
    blocks, problems = pages.parse(page)
    assert blocks[0].includes == ["snippets/threads/numbers_letters.py"]
    assert any("titled 'snippets/threads/start_join.py' but shows" in p for p in problems)
    assert any("an include after a pytest-codeblocks marker" in p for p in problems)
    assert any("holds one include and nothing else" in p for p in problems)


def test_a_listing_moved_to_another_section_is_caught(tmp_path):
    en, zh = tmp_path / "en.md", tmp_path / "zh.md"
    en.write_text('## A {#a}\n\n```python\nx = 1\n```\n\n## B {#b}\n', encoding="utf-8")
    zh.write_text('## 甲 {#a}\n\n## 乙 {#b}\n\n```python\nx = 1\n```\n', encoding="utf-8")
    assert "item 2" in test_pages.first_difference(test_pages.code_of(en), test_pages.code_of(zh))
    zh.write_text('## 甲 {#a}\n\n```python\nx = 1\n```\n\n乙\n--\n', encoding="utf-8")
    assert pages.heading_ids(zh) == ["a", "(no id) 乙"]


def test_typed_numbers_in_other_spellings_are_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('!!! note "Threads were 1.9 times faster"\n\n    It took 200 milliseconds, '
                    '50 percent, 2X, 1.9&times; and 3 hours.\n\n```text title="took 0.5 s"\n'
                    '--8<-- "snippets/threads/start_join.out"\n```\n\n```mermaid\nflowchart TD\n'
                    '    a[0.5 s]\n```\n\n快了三倍，等了半秒，用 50％。\n', encoding="utf-8")
    found = [hit.split(": ", 1)[1].split(" in: ")[0] for hit in test_pages.typed_numbers(page)]
    assert found == ["'1.9 times'", "'200 milliseconds'", "'50 percent'", "'2X'", "'1.9×'",
                     "'3 hours'", "'0.5 s'", "'0.5 s'", "'三倍'", "'半秒'", "'50％'"], found


def test_labels_cannot_be_hidden(tmp_path):
    html = tmp_path / "page.html"
    html.write_text('<div class="admonition original"><p class="admonition-title" style="display:none">'
                    'Original — x</p><pre><code>print(1)</code></pre></div>', encoding="utf-8")
    assert "styled inline" in test_site.untraced_blocks(html, set(), skipped=set())[0]
    assert test_site.hidden_labels(".md-typeset :is(.original) > .admonition-title { display: none }")
    assert test_site.hidden_labels(".not-run p {opacity: 0;}")
    assert not test_site.hidden_labels(".md-typeset .original { --label-color: #c62828; }")
    for rule in ('div[class~="not-run"] { display: none }', ".excerpt { visibility: collapse }",
                 ".original { transform: scale(0) }", ".not-run { opacity: .0 }",
                 ".original { position: absolute; left: -9999px }", ".excerpt { clip-path: inset(50%) }",
                 ".not-run { color: transparent }", ".original { width: 0; overflow: hidden }"):
        assert test_site.hidden_labels(rule), rule
    assert not test_site.hidden_labels(".md-typeset .original { opacity: 0.9; margin-top: -2px }")


def test_notebook_output_is_exempt_only_on_notebook_pages(tmp_path):
    page = tmp_path / "threads" / "page.html"
    page.parent.mkdir()
    page.write_text('<div class="jp-OutputArea"><pre>print("never run")</pre></div>', encoding="utf-8")
    assert test_site.untraced_blocks(page, set(), skipped=set())
    notebook = tmp_path / "examples" / "page.html"
    notebook.parent.mkdir()
    notebook.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    assert test_site.untraced_blocks(notebook, set(), skipped=set()) == []


def test_a_process_that_leaves_the_session_is_still_found(tmp_path):
    source = """
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    """
    run = run_script(script(tmp_path, source), tmp_path, timeout=30)
    assert len(run.leftovers) == 1 and "time.sleep(600)" in run.leftovers[0], run


def test_a_thread_left_running_at_exit_fails_the_listing(tmp_path):
    source = """
        import threading, time

        def heartbeat():
            while True:
                time.sleep(0.01)

        if __name__ == "__main__":
            threading.Thread(target=heartbeat, name="heartbeat", daemon=True).start()
            print("done")
    """
    run = run_script(script(tmp_path, source), tmp_path)
    assert run.returncode == 0 and run.threads_left == ["heartbeat"]
    assert "threads still running: ['heartbeat']" in check("listing.py", run, "done\n", None, False)[0]


def test_timed_waits_are_disturbed_too(tmp_path):
    source = SCHEDULING_DEPENDENT.replace("time.sleep(delay)", "threading.Event().wait(delay)")
    path = script(tmp_path, source)
    problems = test_listings.run_and_check("race.py", path, "a\nb\n", "disturbed",
                                           path.read_text(encoding="utf-8"), tmp_path)
    assert len(problems) == 1 and "with thread scheduling disturbed" in problems[0]


# --- build-time runs (tools/listings.py, hooks/outputs.py) -----------------

def test_a_broken_listing_fails_the_build_naming_it(tmp_path):
    import listings
    path = script(tmp_path, "print('hullo')\n", "broken.py")
    (tmp_path / "broken.out").write_text("hello\n", encoding="utf-8")
    with pytest.raises(listings.ListingFailed, match=r"broken.py failed at build: its output "
                                                     r"does not match broken.out"):
        listings.run(path)
    path.write_text("raise SystemExit(2)\n", encoding="utf-8")
    with pytest.raises(listings.ListingFailed, match="exit status 2"):
        listings.run(path)


def test_the_page_shows_the_real_output_and_a_stamp(monkeypatch):
    import outputs
    monkeypatch.setattr(outputs, "results", {"snippets/a/x.py": {
        "stdout": "took 0.42 s\n", "returncode": 0, "seconds": 0.5, "python": "3.11.7",
        "start_method": None, "bench_mode": None}})
    markdown = ('=== "tab"\n\n    ```python\n    --8<-- "snippets/a/x.py"\n    ```\n\n'
                '    ```text\n    --8<-- "snippets/a/x.out"\n    ```\n\nAfter.\n')
    shown = outputs.on_page_markdown(markdown, None, {"theme": {"language": "zh"}}, None)
    assert "    took 0.42 s\n    ```\n\n    构建时已运行：退出状态 0 · 输出符合预期" in shown
    assert shown.count("{: .listing-stamp }") == 1 and "x.out" not in shown


def test_prose_quotes_a_printed_value_through_the_macro(monkeypatch):
    import outputs
    monkeypatch.setattr(outputs, "results", {"snippets/threads/numbers_letters.py": {
        "stdout": "numbers: [0, 1, 2, 3, 4]\nletters: ['a', 'b', 'c', 'd', 'e']\n"
                  "took 0.61 s; one after the other: 1.00 s\nDone!\n"}})
    markdown = 'It took {{ printed("snippets/threads/numbers_letters.py", 1) }} s.'
    assert outputs.on_page_markdown(markdown, None, {"theme": {"language": "en"}}, None) \
        == "It took 0.61 s."


def test_a_broken_block_on_a_page_fails_the_build():
    import listings
    with pytest.raises(listings.ListingFailed, match="page.md:3 failed at build: its output "
                                                     "does not match the expected output"):
        listings.run_block("print(44)\n", "45\n", "page.md:3")
    with pytest.raises(listings.ListingFailed, match="it prints, but the expected output"):
        listings.run_block("print(45)\n", None, "page.md:3")
    assert listings.run_block("print(45)\n", "45\n", "page.md:3")["stdout"] == "45\n"


def test_a_skip_that_is_not_needed_is_refused(tmp_path):
    import test_listings
    page = tmp_path / "page.md"
    page.write_text(
        '<!-- pytest.mark.skipif(sys.version_info < (3, 14), reason="3.14") -->\n'
        '```python\nprint("runs anywhere")\n```\n\n<!--pytest-codeblocks:expected-output-->\n\n'
        '```text\nruns anywhere\n```\n\n'
        '<!-- pytest.mark.skipif(sys.version_info < (3, 14), reason="3.14") -->\n'
        '```python\nimport sys\nprint(sys.version_info >= (3, 14))\n```\n\n'
        '<!--pytest-codeblocks:expected-output-->\n\n```text\nTrue\n```\n', encoding="utf-8")
    needless, needed = pages.parse(page)[0]
    assert needless.skipped_here and needed.skipped_here  # this suite runs 3.11
    assert "remove its skipif" in test_listings.needless_skip(needless, tmp_path)
    assert test_listings.needless_skip(needed, tmp_path) is None


def test_a_troubleshooting_message_must_be_a_whole_line():
    import test_troubleshooting as t
    assert t.line_shows("_queue.Empty", "_queue.Empty")
    assert not t.line_shows("_queue.Empty", "queue.Empty")  # a shortened heading
    assert t.line_shows("AttributeError: Can't pickle local object 'main.<locals>.f'",
                        "AttributeError: Can't pickle local object")
    assert not t.line_shows("RuntimeError: cannot schedule new futures after shutdown",
                            "RuntimeError: cannot schedule new futures after")
    assert t.line_shows("x.py:3: UserWarning: This DataLoader will create 4 worker processes "
                        "in total. Our suggested max ...", "This DataLoader will create 2 worker "
                        "processes in total")
    assert not t.line_shows("x.py:3: UserWarning: This DataLoader will create 4 worker processes "
                            "in total.", "DataLoader will create 4 worker processes in total")
    long = "RuntimeError: Too many open files. Communication is no longer possible. Please ..."
    assert t.line_shows(long, "RuntimeError: Too many open files.")  # whole first sentences
    assert not t.line_shows(long, "RuntimeError: Too many open")  # not a sentence
    assert not t.line_shows(long, "Too many open files.")  # not the line's start


def test_a_placeholder_is_a_measurement_with_a_unit():
    from runner import output_matches, placeholders_without_unit
    assert not output_matches("took <float> s\n", "took -0.40 s\n")  # never negative
    assert output_matches("change: -<float> s\n", "change: -0.40 s\n")
    assert placeholders_without_unit("took <float> s, <int>% busy, <float>x\n") == []
    assert placeholders_without_unit("with lock: <int> of 2000\nin <float> ms\n") == [
        "with lock: <int> of 2000"]


def test_a_misspelt_or_half_set_reproduction_is_refused():
    import test_troubleshooting as t
    assert t.spec_problems("x", dict(mode="hangs", code="", first_ctrl_C=["KeyboardInterrupt"]))
    assert t.spec_problems("x", dict(mode="exits", code="", first_ctrl_c=["KeyboardInterrupt"]))
    assert t.spec_problems("x", dict(mode="hang", code=""))
    assert not t.spec_problems("x", dict(mode="hangs", code="", interrupt=True,
                                         first_ctrl_c=["a"], after_ctrl_c=["b"]))


def test_typed_numbers_behind_markup_are_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("It took **2.5** s and 1.5 *ms*.\n\n> The threads took 1.5\n> s in all.\n\n"
                    "Then 1.5\u200bs, and 1.9&#8203;×.\n\n用了 **3** 秒。\n", encoding="utf-8")
    found = [hit.split(": ", 1)[1].split(" in: ")[0] for hit in test_pages.typed_numbers(page)]
    assert found == ["'2.5 s'", "'1.5 ms'", "'1.5s'", "'1.9×'", "'3 秒'", "'1.5 s'"], found


def test_a_proof_must_be_a_test_that_asserts_about_an_existing_original():
    import originals

    def test_nothing():
        pass

    def prove_it():
        assert True

    def test_it():
        assert True

    problems = originals.proof_problems("009_missing.py", test_nothing)
    assert any("does not exist" in p for p in problems)
    assert any("asserts nothing" in p for p in problems)
    assert any("not a proof file" in p for p in problems)  # this module is test_harness
    assert any("is not a test" in p for p in originals.proof_problems("003_threads_basic.py", prove_it))
    assert not [p for p in originals.proof_problems("003_threads_basic.py", test_it)
                if "proof file" not in p]


def test_a_proof_that_was_collected_must_have_passed():
    import conftest
    collected = {"t.py::test_a": "t::test_a", "t.py::test_b[x]": "t::test_b"}
    assert conftest.unproven(collected, {"t.py::test_a"}) == ["t::test_b"]
    assert conftest.unproven(collected, set(collected)) == []


def test_a_retouched_chinese_quote_is_caught():
    found = test_pages.retouched_quotes({"这样,整体的数据加载时间将大大缩短。"},
                                        {"这样，整体的数据加载时间将大大缩短。", "别的话"})
    assert len(found) == 1 and found[0].startswith("「这样，")
    assert not test_pages.retouched_quotes({"这样,整体"}, {"这样,整体"})


def test_output_that_follows_the_start_order_of_threads_is_caught(tmp_path):
    source = ("import threading\nseen = []\n"
              "threads = [threading.Thread(target=seen.append, args=(i,)) for i in range(8)]\n"
              "for t in threads:\n    t.start()\nfor t in threads:\n    t.join(timeout=5)\n"
              "print(seen)\n")
    path = script(tmp_path, source)
    problems = test_listings.run_and_check("p.py", path, "[0, 1, 2, 3, 4, 5, 6, 7]\n",
                                           "disturbed", source, tmp_path)
    assert any("scheduling disturbed" in p for p in problems), problems


def test_typed_speeds_in_words_are_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Threads were twice as fast, a 10-second wait, 1.5 msec.\n\n"
                    "Call it twice as often; a 3-stage pipeline.\n", encoding="utf-8")
    found = [hit.split(": ", 1)[1].split(" in: ")[0] for hit in test_pages.typed_numbers(page)]
    assert found == ["'twice as fast'", "'10-second'", "'1.5 msec'"], found


def test_the_gpu_note_follows_the_build(monkeypatch):
    import torch
    import macros
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert "ran no GPU code" in macros.expand("{{ gpu_note() }}", "en")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index: "Test GPU")
    shown = macros.expand("{{ gpu_note() }}", "zh")
    assert "Test GPU" in shown and "没有运行" not in shown
