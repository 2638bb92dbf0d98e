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



# --- each notebook's own outputs ------------------------------------------------
# (first-notebook: tests/test_site.py::test_notebook_is_rendered_with_its_executed_output)


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
