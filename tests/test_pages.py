"""Rules 3-5 on the Markdown sources: every fence is collected, the two
languages match, every include resolves, the notebooks are clean, and no
timing is typed into prose."""

import ast
import html
import json
import re
import unicodedata

import pytest

import pages
from pages import LANGUAGES, ROOT


def relative_pages(language):
    return {str(p.relative_to(pages.DOCS / language)) for p in pages.page_files(language)}


def first_difference(en: list, zh: list) -> str:
    """Only the element that differs, not the whole lists."""
    for i, (a, b) in enumerate(zip(en, zh)):
        if a != b:
            return f"item {i + 1}:\n  en: {a!r}\n  zh: {b!r}"
    longer, name = (en, "en") if len(en) > len(zh) else (zh, "zh")
    return (f"en has {len(en)} items and zh {len(zh)}; "
            f"{name} goes on with item {min(len(en), len(zh)) + 1}: {longer[min(len(en), len(zh))]!r}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fence_is_collected_and_tested(language):
    problems = [problem for page in pages.sources(language)
                for problem in pages.parse(page)[1]]
    assert not problems, "\n".join(problems)


def test_every_page_has_a_twin():
    en, zh = relative_pages("en"), relative_pages("zh")
    assert en == zh, f"only in en: {sorted(en - zh)}; only in zh: {sorted(zh - en)}"


def code_of(page):
    """What must be identical across languages: includes and inline code,
    in order, and the section (heading id) each one is in. Diagrams are
    translated, so they are left out."""
    items = [(block.lineno, (block.language, block.label, block.code, block.expected_output))
             for block in pages.parse(page)[0] if block.kind != "diagram"]
    items += [(lineno, ("section", heading)) for lineno, heading in pages.headings(page)]
    return [item for _, item in sorted(items)]


@pytest.mark.parametrize("page", sorted(relative_pages("en") & relative_pages("zh")))
def test_twin_pages_show_the_same_code(page):
    en = code_of(pages.DOCS / "en" / page)
    zh = code_of(pages.DOCS / "zh" / page)
    assert en == zh, f"{page}: en and zh differ in their code blocks, {first_difference(en, zh)}"


@pytest.mark.parametrize("page", sorted(relative_pages("en") & relative_pages("zh")))
def test_twin_pages_have_the_same_heading_ids(page):
    en = pages.heading_ids(pages.DOCS / "en" / page)
    zh = pages.heading_ids(pages.DOCS / "zh" / page)
    missing = [h for h in en + zh if h.startswith("(no id)")]
    assert not missing, f"{page}: headings need an explicit {{#id}}: {missing}"
    assert en == zh, f"{page}: en and zh heading ids differ, {first_difference(en, zh)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_include_resolves(language):
    missing = [f"{block.name}: {include}"
               for page in pages.sources(language)
               for block in pages.parse(page)[0]
               for include in block.includes
               if not (ROOT / include.split(":")[0]).is_file()]
    assert not missing, "includes that do not resolve:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_originals_are_labelled_and_only_originals(language):
    wrong = []
    for page in pages.sources(language):
        for block in pages.parse(page)[0]:
            for include in block.includes:
                is_original = include.startswith("originals/")
                if is_original != (block.label == "original"):
                    wrong.append(f"{block.name}: {include} (label {block.label})")
    assert not wrong, ("files in originals/ must be shown inside an 'original' "
                       "admonition, and nothing else:\n" + "\n".join(wrong))


# --- notebooks --------------------------------------------------------------

REFUSED_TAGS = {"raises-exception", "skip-execution"}


def notebooks():
    return sorted((ROOT / "examples").rglob("*.ipynb"))


def imported_later(source, later_cells):
    """A `%%writefile x.py` cell writes a module that a later cell imports,
    so its code runs (worker code that spawned processes must import)."""
    written = re.match(r"\s*%%writefile\s+([A-Za-z_]\w*)\.py\s*\n", source)
    if not written:
        return False
    importing = re.compile(rf"^\s*(?:import|from)\s+{written.group(1)}\b", re.M)
    return any(importing.search("".join(c["source"])) for c in later_cells if c["cell_type"] == "code")


def notebook_problems(path):
    """A notebook is committed clean: no outputs, and no tag, cell magic or
    raw cell that lets code fail or go unrun while the build still passes.
    The one cell magic allowed writes a module that a later cell imports."""
    problems = []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, 1):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REFUSED_TAGS:
            problems.append(f"cell {number}: tag {sorted(tags & REFUSED_TAGS)} is refused")
        if cell["cell_type"] == "raw":
            problems.append(f"cell {number}: a raw cell is shown but never run")
        source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
        if source.lstrip().startswith("%%") and not imported_later(source, cells[number:]):
            problems.append(f"cell {number}: a cell magic may not run the cell as Python "
                            "(only %%writefile x.py, with x imported by a later cell)")
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"cell {number}: committed with outputs; the build makes them")
    return problems


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_committed_clean(notebook):
    problems = notebook_problems(notebook)
    assert not problems, f"{notebook.relative_to(ROOT)}:\n" + "\n".join(problems)


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


# --- numbers ----------------------------------------------------------------

def macros_of(page):
    """The measured numbers a page shows, in order: macro name and the
    arguments that pick the number (titles and sentences are translated)."""
    keep = {"build_machine": 0, "gpu_note": 0, "figure": 1, "value": 3, "claim": 3, "printed": 2, "verification": 0}
    found = []
    for name, args in re.findall(
            r"\{\{\s*(build_machine|gpu_note|figure|value|claim|printed|verification)\((.*?)\)\s*\}\}",
                                 page.read_text(encoding="utf-8")):
        values = ast.literal_eval(f"({args},)") if args.strip() else ()
        found.append((name, values[:keep[name]]))
    return found


@pytest.mark.parametrize("page", sorted(relative_pages("en") & relative_pages("zh")))
def test_twin_pages_quote_the_same_measurements(page):
    en, zh = macros_of(pages.DOCS / "en" / page), macros_of(pages.DOCS / "zh" / page)
    assert en == zh, f"{page}: en and zh quote different numbers or figures, {first_difference(en, zh)}"


# A number followed by a unit of time or a ratio, typed into prose, in
# digits or in Chinese numerals.
TYPED_NUMBER = re.compile(
    r"\b(?:twice|thrice|half) as (?:fast|slow|quick|long)\b|\btwice the (?:speed|time)\b"
    r"|(?<![A-Za-z0-9_.])\d+(?:\.\d+)?(?:\s*|-)(?:[mµμun]?s|msecs?|secs?|seconds?|milliseconds?|microseconds?"
    r"|nanoseconds?|mins?|minutes?|h|hours?|times|fold|[xX×]|%|％|percent|per cent"
    r"|秒|毫秒|微秒|纳秒|分钟|小时|倍)(?![A-Za-z0-9_])"
    r"|[一二两三四五六七八九十百千半]+\s*(?:秒|毫秒|微秒|分钟|小时|倍)")
QUOTED = re.compile(r"“[^”]*”|「[^」]*」")  # quotes of a source article


def plain_text(line: str) -> str:
    """A prose line as it reads: entities decoded, quotes of a source
    article, invisible format characters (zero-width spaces), emphasis
    markers and blockquote markers taken out."""
    line = html.unescape(line)
    line = "".join(c for c in line if unicodedata.category(c) != "Cf")
    line = re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", line)
    line = re.sub(r"^\s*(?:>\s*)+", "", line)
    return QUOTED.sub(" ", line)


def typed_numbers(page):
    """Each typed number, and each one split across two lines of a paragraph
    (`took 1.5` at the end of one line, `s` at the start of the next)."""
    lines = [(lineno, plain_text(line)) for lineno, line in pages.prose_lines(page)]
    found = [f"{pages.display(page)}:{lineno}: {match.group()!r} in: {line.strip()}"
             for lineno, line in lines for match in TYPED_NUMBER.finditer(line)]
    for (lineno, line), (next_lineno, next_line) in zip(lines, lines[1:]):
        if next_lineno != lineno + 1:
            continue
        end, start = line.rstrip(), next_line.lstrip()
        joined = f"{end} {start}"
        found += [f"{pages.display(page)}:{lineno}: {match.group()!r} in: {joined.strip()}"
                  for match in TYPED_NUMBER.finditer(joined)
                  if match.start() < len(end) < match.end()]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_timing_or_ratio_is_typed_into_prose(language):
    typed = [hit for page in pages.sources(language) for hit in typed_numbers(page)]
    assert not typed, ("timings and ratios come from the build (hooks/macros.py), "
                       "never typed into prose:\n" + "\n".join(typed))


def test_every_notebook_is_executed_by_the_build():
    """hooks/notebooks.py runs them (tests/test_notebooks.py checks the pages)."""
    for config in ("mkdocs.yml", "mkdocs.zh.yml"):
        text = (ROOT / config).read_text(encoding="utf-8")
        assert "execute_ignore" not in text, f"{config}: every notebook runs at build time"
    assert re.search(r"^\s+- hooks/notebooks\.py\s*$", (ROOT / "mkdocs.yml").read_text(), re.M)


# --- Quotes of the source articles ------------------------------------------------
# A Chinese article is quoted in 「」 on both the en and the zh page, as
# printed (its half-width punctuation included). The en pages quote it
# exactly; a zh page that gives the same passage must give the same text.

QUOTE = re.compile(r"「([^」]+)」")
FULL_WIDTH = str.maketrans("，：；（）！？", ",:;()!?")


def loosely(text: str) -> str:
    """A passage with punctuation made half-width and spaces taken out."""
    return re.sub(r"\s+", "", text.translate(FULL_WIDTH))


def retouched_quotes(en_quotes: set[str], zh_quotes: set[str]) -> list[str]:
    """zh quotes of a passage that an en page quotes otherwise."""
    exact = {loosely(q): q for q in en_quotes}
    return sorted(f"「{q}」 (the en pages: 「{exact[loosely(q)]}」)" for q in zh_quotes
                  if loosely(q) in exact and exact[loosely(q)] != q)


def test_chinese_quotes_are_given_as_printed():
    quotes = {language: {q for page in pages.sources(language)
                         for q in QUOTE.findall(page.read_text(encoding="utf-8"))}
              for language in LANGUAGES}
    retouched = retouched_quotes(quotes["en"], quotes["zh"])
    assert not retouched, ("quote the article as printed, as the en pages do (the Chinese "
                           "lint skips 「」):\n" + "\n".join(retouched))
