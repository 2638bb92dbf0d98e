"""Rules 3-5 on the Markdown sources: every fence is collected, the two
languages match, and every snippet is shown and every include resolves."""

import json

import pytest

import pages
from pages import LANGUAGES, ROOT

SHOWN_DIRS = ("snippets", "originals")


def relative_pages(language):
    return {str(p.relative_to(pages.DOCS / language)) for p in pages.page_files(language)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fence_is_collected_and_tested(language):
    problems = [problem for page in pages.page_files(language)
                for problem in pages.parse(page)[1]]
    assert not problems, "\n".join(problems)


def test_every_page_has_a_twin():
    en, zh = relative_pages("en"), relative_pages("zh")
    assert en == zh, f"only in en: {sorted(en - zh)}; only in zh: {sorted(zh - en)}"


def code_of(page):
    """What must be identical across languages: includes and inline code,
    in order. Diagrams are translated, so they are left out."""
    return [(block.language, block.label, block.code, block.expected_output)
            for block in pages.parse(page)[0]
            if block.kind != "diagram"]


@pytest.mark.parametrize("page", sorted(relative_pages("en") & relative_pages("zh")))
def test_twin_pages_show_the_same_code(page):
    en = code_of(pages.DOCS / "en" / page)
    zh = code_of(pages.DOCS / "zh" / page)
    assert en == zh, f"{page}: en and zh differ in their code blocks\nen: {en}\nzh: {zh}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_include_resolves(language):
    missing = [f"{block.name}: {include}"
               for page in pages.page_files(language)
               for block in pages.parse(page)[0]
               for include in block.includes
               if not (ROOT / include.split(":")[0]).is_file()]
    assert not missing, "includes that do not resolve:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_listing_is_shown(language):
    shown = {include.split(":")[0]
             for page in pages.page_files(language)
             for block in pages.parse(page)[0] for include in block.includes}
    listings = {str(p.relative_to(ROOT)) for d in SHOWN_DIRS
                for p in (ROOT / d).rglob("*.py")}
    assert not listings - shown, f"not shown on any {language} page: {sorted(listings - shown)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_originals_are_labelled_and_only_originals(language):
    wrong = []
    for page in pages.page_files(language):
        for block in pages.parse(page)[0]:
            for include in block.includes:
                is_original = include.startswith("originals/")
                if is_original != (block.label == "original"):
                    wrong.append(f"{block.name}: {include} (label {block.label})")
    assert not wrong, ("files in originals/ must be shown inside an 'original' "
                       "admonition, and nothing else:\n" + "\n".join(wrong))


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebooks_exist_in_both_languages_with_the_same_code(language):
    other = "zh" if language == "en" else "en"
    for notebook in sorted((ROOT / "examples" / language).glob("*.ipynb")):
        twin = ROOT / "examples" / other / notebook.name
        assert twin.exists(), f"{notebook.relative_to(ROOT)} has no {other} twin"
        code = [c["source"] for c in json.loads(notebook.read_text())["cells"]
                if c["cell_type"] == "code"]
        twin_code = [c["source"] for c in json.loads(twin.read_text())["cells"]
                     if c["cell_type"] == "code"]
        assert code == twin_code, f"{notebook.name}: code cells differ between en and zh"


def macros_of(page):
    """The measured numbers a page shows, in order: macro name and the
    arguments that pick the number (titles and sentences are translated)."""
    import ast
    import re
    keep = {"build_machine": 0, "figure": 1, "value": 3, "claim": 3}
    found = []
    for name, args in re.findall(r"\{\{\s*(build_machine|figure|value|claim)\((.*?)\)\s*\}\}",
                                 page.read_text(encoding="utf-8")):
        values = ast.literal_eval(f"({args},)") if args.strip() else ()
        found.append((name, values[:keep[name]]))
    return found


@pytest.mark.parametrize("page", sorted(relative_pages("en") & relative_pages("zh")))
def test_twin_pages_quote_the_same_measurements(page):
    en, zh = macros_of(pages.DOCS / "en" / page), macros_of(pages.DOCS / "zh" / page)
    assert en == zh, f"{page}: en and zh quote different numbers or figures\nen: {en}\nzh: {zh}"
