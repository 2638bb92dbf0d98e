"""The notebooks under examples/, as the built site shows them: every code
cell ran in this build, both languages show the one run's outputs, the
source can be downloaded, and each page stays under the weight budget.
Below the common checks, each notebook's own: what its outputs must say."""

import json
import re
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import CONFIGS, ROOT
from pages import LANGUAGES

sys.path.insert(0, str(ROOT / "tools"))
import page_weight  # noqa: E402

NOTEBOOKS = sorted(p.stem for p in (ROOT / "examples" / "en").glob("*.ipynb"))
PAGE_BUDGET = 150_000  # bytes, gzipped, as served (tools/page_weight.py)


def page_of(site, language, name):
    return site / CONFIGS[language][1] / "examples" / name / "index.html"


def soup(site, language, name):
    return BeautifulSoup(page_of(site, language, name).read_text(encoding="utf-8"), "html.parser")


def code_cell_count(language, name):
    cells = json.loads((ROOT / "examples" / language / f"{name}.ipynb").read_text())["cells"]
    return sum(cell["cell_type"] == "code" for cell in cells)


def outputs(page) -> list[str]:
    """What each output area shows: its text, and its images' data."""
    return [area.get_text() + "".join(img.get("src", "") for img in area.select("img"))
            for area in page.select(".jp-OutputArea")]


def output_text(site, language, name) -> str:
    return "\n".join(outputs(soup(site, language, name)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_code_cell_ran_in_this_build(site, language, name):
    prompts = [p.get_text(strip=True) for p in soup(site, language, name).select(".jp-InputPrompt")]
    ran = [p for p in prompts if re.fullmatch(r"In\s*\[\d+\]:", p)]
    assert len(ran) == code_cell_count(language, name), (
        f"{name} ({language}): {len(ran)} of {code_cell_count(language, name)} code cells "
        f"show an execution count: {prompts}")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_both_languages_show_the_same_run(site, name):
    en, zh = (outputs(soup(site, language, name)) for language in LANGUAGES)
    assert en == zh, f"{name}: the en and zh pages show different outputs"
    assert any(text.strip() for text in en), f"{name}: no output at all"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_source_can_be_downloaded(site, language, name):
    page = soup(site, language, name)
    link = page.select_one(".notebook-download a[download]")
    assert link is not None, f"{name} ({language}): no download link"
    assert link["href"].endswith(f"/examples/{name}/{name}.ipynb"), link["href"]
    copy = page_of(site, language, name).parent / f"{name}.ipynb"
    source = ROOT / "examples" / language / f"{name}.ipynb"
    assert copy.read_bytes() == source.read_bytes(), f"{copy} is not the committed source"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_page_stays_under_the_weight_budget(site, language, name):
    raw, packed = page_weight.weight(page_of(site, language, name), site)
    assert packed <= PAGE_BUDGET, (
        f"{name} ({language}): {packed / 1000:.1f} kB gzipped, over {PAGE_BUDGET / 1000:.0f} kB")



@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_slimmed_stylesheet_still_parses(site, name):
    """hooks/notebooks.py cuts mkdocs-jupyter's CSS down to what the page
    uses; a cut in the wrong place would make browsers drop every rule after it."""
    import tinycss2
    for style in soup(site, "en", name).select("article style"):
        rules = tinycss2.parse_stylesheet(style.get_text(), skip_whitespace=True, skip_comments=True)
        errors = [f"{r.message} (column {r.source_column})" for r in rules if r.type == "error"]
        assert not errors, f"{name}: {errors}"
    hidden = soup(site, "en", name).select_one("article style").get_text()
    assert ".clipboard-copy-txt{display:none}" in hidden, "the copy buffer would show"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_links_in_a_notebook_lead_somewhere(site, language, name):
    """mkdocs --strict checks the links of Markdown pages, not those written
    in a notebook's cells: each must reach a built page, and its anchor."""
    from urllib.parse import urljoin, urlparse
    page = page_of(site, language, name)
    base = "/" + page.relative_to(site).as_posix()
    broken = []
    for link in soup(site, language, name).select(".jupyter-wrapper a[href]"):
        href = link["href"]
        if href.startswith(("#", "http://", "https://", "mailto:")) or "anchor-link" in link.get("class", []):
            continue
        url = urlparse(urljoin(base, href))
        target = site / url.path.lstrip("/")
        target = target / "index.html" if target.is_dir() else target
        if not target.is_file():
            broken.append(f"{href}: no such page")
        elif url.fragment and not BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(
                id=url.fragment):
            broken.append(f"{href}: no #{url.fragment} on that page")
    assert not broken, f"{name} ({language}):\n" + "\n".join(broken)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_headings_have_the_same_ids_in_both_languages_and_the_toc_reaches_them(site, name):
    ids = {}
    for language in LANGUAGES:
        page = soup(site, language, name)
        ids[language] = [h.get("id") for h in page.select(".jupyter-wrapper :is(h1, h2, h3, h4, h5, h6)")]
        assert all(ids[language]), f"{name} ({language}): a heading without an id: {ids[language]}"
        toc = [a["href"].removeprefix("#") for a in page.select("nav.md-nav--secondary a[href^='#']")]
        missing = [target for target in toc if target not in ids[language]]
        assert not missing, f"{name} ({language}): the table of contents links to no heading: {missing}"
    assert ids["en"] == ids["zh"], f"{name}: heading ids differ between en and zh"


# --- each notebook's own outputs ------------------------------------------------
# (first-notebook: tests/test_site.py::test_notebook_is_rendered_with_its_executed_output)


# inference-service: every request is counted on both sides, in every run,
# and both variants are measured with latency percentiles.
INFERENCE_RUN = re.compile(
    r"\[(?P<name>[^\]]+)\] sent (?P<sent>\d+) = (?P<answered>\d+) answered"
    r" \+ (?P<rejected>\d+) rejected \+ (?P<timed_out>\d+) timed out \+ (?P<failed>\d+) failed:"
    r" balanced: (?P<balanced>yes|no); server counted the same: (?P<agrees>yes|no)")
INFERENCE_SUMMARY = re.compile(
    r"^\s*batching (?P<variant>off|on)\s+"
    + r", ".join(rf"{p} (?P<{p}>[\d.]+) ms \((?P<{p}_low>[\d.]+)-(?P<{p}_high>[\d.]+)\)"
                 for p in ("p50", "p95", "p99"))
    + r"; (?P<rate>\d+) answers/s \((?P<rate_low>\d+)-(?P<rate_high>\d+)\)$", re.M)


def test_inference_service_counts_every_request(site):
    text = output_text(site, "en", "inference-service")
    runs = [m.groupdict() for m in INFERENCE_RUN.finditer(text)]
    rounds, loads, variants, overload_runs = 3, 2, 2, 2
    assert len(runs) == rounds * loads * variants + overload_runs, [r["name"] for r in runs]
    for run in runs:
        n = {key: int(run[key]) for key in ("sent", "answered", "rejected", "timed_out", "failed")}
        assert n["sent"] == n["answered"] + n["rejected"] + n["timed_out"] + n["failed"], run
        assert run["balanced"] == "yes" and run["agrees"] == "yes", run
        assert n["failed"] == 0, run
        if not run["name"].startswith("overload"):  # more room in the queue than clients
            assert n["answered"] > 0, run
            assert n["rejected"] == 0 or n["timed_out"] > 0, run  # only leftovers fill it
    overload = [run for run in runs if run["name"].startswith("overload")]
    assert sum(int(run["rejected"]) for run in overload) > 0, overload
    assert "503 {'error': 'rejected: queue full'}" in text
    assert text.count("every answer is its own input's output: yes") == len(runs)
    assert len(re.findall(r"largest batch \d+ \(at most \d+: yes\)", text)) == len(runs)
    assert ": no" not in text
    assert "batcher tasks still running: 0; model threads still alive: 0" in text


def test_inference_service_compares_batching_on_and_off(site):
    text = output_text(site, "en", "inference-service")
    rows = [m.groupdict() for m in INFERENCE_SUMMARY.finditer(text)]
    assert [row["variant"] for row in rows] == ["off", "on", "off", "on"], rows  # two loads
    for row in rows:
        for measure in ("p50", "p95", "p99", "rate"):
            low, median, high = (float(row[f"{measure}{suffix}"]) for suffix in ("_low", "", "_high"))
            assert 0 < low <= median <= high, (measure, row)
    assert re.search(r"1 client, batching on: every request took at least MAX_WAIT \(\d+ ms\): yes", text)
    assert "data:image/png" in text, "the figure is missing"


# hyperparameter-search: the same grid run serially, with ProcessPoolExecutor,
# joblib (loky) and Dask must find the same best settings with the same
# scores, and the BLAS thread counts read inside the workers must be the
# limits the notebook's text describes (this build's cores, whatever they are).

SEARCH = "hyperparameter-search"
SEARCH_ENGINES = ("serial", "ProcessPoolExecutor", "joblib (loky)", "Dask LocalCluster")


def test_hyperparameter_search_engines_agree(site):
    text = output_text(site, "en", SEARCH)
    best = {name: re.search(rf"^{re.escape(name)} +best (\{{[^\n]*\}}), score (\d\.\d{{4}})$",
                            text, re.M)
            for name in SEARCH_ENGINES}
    assert all(best.values()), f"no best line for {[n for n, m in best.items() if not m]}"
    assert len({found.groups() for found in best.values()}) == 1, (
        f"the engines found different best settings: { {n: m.groups() for n, m in best.items()} }")
    assert "every engine, every round, the same scores as serial: True" in text
    for name in SEARCH_ENGINES:  # a timing line each, and the figure
        assert re.search(rf"^  {re.escape(name)} +\d+\.\d\d s \(\d+\.\d\d-\d+\.\d\d\)  "
                         rf"speedup \d+\.\d\dx \(\d+\.\d\d-\d+\.\d\d\)$", text, re.M), name
    assert re.search(r"^  time with all cores / time limited: \d+\.\d\d \(\d+\.\d\d-\d+\.\d\d\)$",
                     text, re.M)
    assert "data:image/png" in text, "no figure"


def test_hyperparameter_search_shows_the_threads_inside_the_workers(site):
    text = output_text(site, "en", SEARCH)
    cores = int(re.search(r"cores this process may use: (\d+) ", text).group(1))
    loky_cores = int(re.search(r"joblib\.cpu_count\(\): (\d+)\)", text).group(1))
    workers, per_worker = map(int, re.search(
        r"worker processes: (\d+), BLAS threads per worker: (\d+)", text).groups())
    assert per_worker == max(cores // workers, 1)
    expected = {  # variant: (BLAS threads seen, where)
        "serial": (per_worker, "this process"),
        "ProcessPoolExecutor": (per_worker, "workers"),  # the pool's initializer
        "joblib (loky)": (max(loky_cores // workers, 1), "workers"),  # loky's default limit
        "Dask LocalCluster": (1, "workers"),  # distributed.nanny.pre-spawn-environ
        f"BLAS threads per worker: {per_worker} (limited)": (per_worker, "workers"),
        f"BLAS threads per worker: {cores} (all cores)": (cores, "workers"),
    }
    for name, (threads, where) in expected.items():
        seen = re.search(rf"^  {re.escape(name)} +\[([\d, ]+)\] in (this process|(\d+) worker processes)$",
                         text, re.M)
        assert seen, f"no thread count for {name!r}"
        assert seen.group(1) == str(threads), f"{name}: BLAS threads {seen.group(1)}, expected {threads}"
        if where == "this process":
            assert seen.group(2) == "this process", name
        else:
            assert seen.group(3) and 1 <= int(seen.group(3)) <= workers, f"{name}: {seen.group(2)}"
    assert "'OPENBLAS_NUM_THREADS': 1" in text, "Dask's worker environment is not printed"
    assert "worker processes still running: 0" in text
    assert re.search(r"^run by this process: True$", text, re.M), "the trial run in the notebook's process"
    assert not re.search(r"'pid': \d+", text), "a pid changes from run to run: print a comparison, not the number"


# training-pipeline: every epoch sees every training sample once, whatever
# the workers, threads and start method; every stage is measured and printed.

def test_training_pipeline_sees_every_sample_in_every_epoch(site):
    text = output_text(site, "en", "training-pipeline")
    total = int(re.search(r"^training samples: (\d+), test samples: \d+$", text, re.M).group(1))
    epochs = re.findall(r"^epoch +\d+: (\d+) samples, loss [\d.]+, [\d.]+ s, "
                        r"first batch after [\d.]+ s, model busy \d+%  \[epoch, .+\]$", text, re.M)
    trained = int(re.search(r"^test accuracy after (\d+) epochs: [\d.]+% of \d+ samples$",
                            text, re.M).group(1))
    assert epochs and len(epochs) == trained, (len(epochs), trained)
    assert all(int(seen) == total for seen in epochs), (total, epochs)
    passes = dict(re.findall(r"^ *(spawn|forkserver): (\d+) samples in [\d.]+ s$", text, re.M))
    assert "spawn" in passes, text
    assert all(int(seen) == total for seen in passes.values()), (total, passes)


def test_training_pipeline_measures_every_stage(site):
    text = output_text(site, "en", "training-pipeline")
    for fact in (r"usable cores: \d+ \(os\.cpu_count\(\): \d+\)", r"torch threads in this process: \d+",
                 r"DataLoader workers: 2, each reading with \d+ threads",
                 r"start method of the workers: (fork|spawn|forkserver)"):
        assert re.search(rf"^{fact}$", text, re.M), f"no line {fact!r}"
    stages = ("read, 1 thread", r"read, \d+ threads", "preprocess, 1 process",
              r"train step, torch threads=\d+(?: \(default\))?", "epoch, 0 workers",
              r"epoch, 2 workers x \d+ I/O threads", r"epoch, same \+ torch threads=\d+")
    for stage in stages:
        lines = re.findall(rf"^{stage} +([\d,]+) samples/s \(min ([\d,]+), max ([\d,]+), 3 runs\)$",
                           text, re.M)
        assert lines, f"no measurement of {stage!r}"
        for median, low, high in lines:  # the median of three runs lies between their extremes
            assert int(low.replace(",", "")) <= int(median.replace(",", "")) <= int(high.replace(",", ""))
    assert re.search(r"^slowest stage of the loop as written: "
                     r"(read, 1 thread|preprocess, 1 process|train step, torch threads=\d+ \(default\))$",
                     text, re.M)
    assert "data:image/png" in text, "the figure is missing"
