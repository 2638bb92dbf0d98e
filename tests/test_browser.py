"""The built site as a reader uses it: Debian's Chromium, headless, driven by
Playwright, against the site served on 127.0.0.1 (tests/browser.py).

Every page of both languages is opened once (`visits`): its console errors,
failed requests, requests to other hosts, figures and axe-core's
accessibility report are kept for the tests below. The other tests click,
type and resize as a reader does.
"""

import json
import re
import sys
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

import browser
import pages
from conftest import CONFIGS, ROOT
from test_site import LANGUAGES, html_pages


# The first test here may build the site (conftest) and then open every page
# with axe-core: more than the suite's 300 s per test on a slow machine.
pytestmark = pytest.mark.timeout(900)

SCREENSHOTS = ROOT / ".cache" / "screenshots"
REPORT = ROOT / ".cache" / "browser-report.json"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def chromium_browser():
    path = browser.chromium()
    if path is None:
        pytest.fail(browser.INSTALL_HINT)  # a missing browser is a failure, never a pass
    with playwright_api.sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def base_url(site):
    with browser.served(site) as url:
        yield url


class Tab:
    """A page in a fresh context that records what went wrong while it loaded."""

    def __init__(self, chromium, base_url, viewport=DESKTOP, scheme="light"):
        self.base = base_url
        self.context = chromium.new_context(viewport=viewport, color_scheme=scheme)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                       origin=base_url.rstrip("/"))
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        # ERR_ABORTED: a request cut short because the reader moved to another page
        self.page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and
                     self.problems.append(f"failed request: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"HTTP {r.status}: {r.url}"))

    def _only_local(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"request to another host: {url}")
            route.abort("blockedbyclient")

    def open(self, path: str):
        self.problems.clear()
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def tab(chromium_browser, base_url):
    opened = []

    def make(**options):
        opened.append(Tab(chromium_browser, base_url, **options))
        return opened[-1]
    yield make
    for each in opened:
        each.close()


def site_paths(site: Path, language: str) -> list[str]:
    return [html.relative_to(site).as_posix().removesuffix("index.html")
            for html in html_pages(site, language) if html.name != "404.html"]


FIGURES_JS = """() => {
  const shown = [];
  for (const img of document.querySelectorAll('article img')) {
    shown.push({kind: 'img', ok: img.complete && img.naturalWidth > 0,
                width: img.getBoundingClientRect().width, name: img.alt || ''});
  }
  for (const svg of document.querySelectorAll('article figure svg')) {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const name = ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
    shown.push({kind: 'svg', ok: svg.getAttribute('role') === 'img',
                width: svg.getBoundingClientRect().width, name: name});
  }
  return shown;
}"""


@pytest.fixture(scope="module")
def visits(site, chromium_browser, base_url):
    """Every page of both languages, opened once: what went wrong, the
    figures it shows, and axe-core's serious and critical violations."""
    if not browser.AXE.is_file():
        pytest.fail(f"axe-core is missing at {browser.AXE.relative_to(ROOT)}: "
                    "run `make test`, which installs it from npm (tools/ensure_browser.sh)")
    results = {}
    reader = Tab(chromium_browser, base_url)
    try:
        for language in LANGUAGES:
            for path in site_paths(site, language):
                page = reader.open(path)
                page.wait_for_load_state("networkidle")
                page.add_script_tag(path=str(browser.AXE))
                axe = page.evaluate("""async () => {
                  const r = await axe.run(document, {resultTypes: ['violations']});
                  return r.violations.map(v => ({id: v.id, impact: v.impact,
                                                 nodes: v.nodes.map(n => n.target.join(' '))}));
                }""")
                results[path] = {"language": language, "problems": list(reader.problems),
                                 "figures": page.evaluate(FIGURES_JS), "axe": axe}
    finally:
        reader.close()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


def test_every_page_opens_without_errors_or_outside_requests(visits):
    assert len(visits) >= 2 * len(pages.page_files("en")), "not every page was visited"
    broken = [f"{path}: {problem}" for path, seen in visits.items() for problem in seen["problems"]]
    assert not broken, "\n".join(broken)


def test_every_figure_loads_and_is_named_in_the_page_language(visits):
    problems, figures = [], 0
    for path, seen in visits.items():
        for figure in seen["figures"]:
            figures += 1
            if not figure["ok"] or figure["width"] <= 0:
                problems.append(f"{path}: a {figure['kind']} figure did not render")
            if not figure["name"].strip() or figure["name"].startswith("No description"):
                problems.append(f"{path}: a {figure['kind']} figure has no text alternative")
            elif (seen["language"] == "zh") != bool(CJK.search(figure["name"])):
                problems.append(f"{path}: figure named in the wrong language: {figure['name'][:80]}")
    assert figures >= 10, f"only {figures} figures found"
    assert not problems, "\n".join(problems)


def test_no_serious_or_critical_accessibility_violations(visits):
    counts = {}
    serious = []
    for path, seen in visits.items():
        for violation in seen["axe"]:
            key = (seen["language"], violation["impact"])
            counts[key] = counts.get(key, 0) + len(violation["nodes"])
            if violation["impact"] in ("serious", "critical"):
                serious.append(f"{path}: {violation['impact']} {violation['id']}: "
                               f"{violation['nodes'][:3]}")
    print("axe-core violations (elements) by language and impact:", counts)
    assert not serious, "\n".join(serious)


SWITCHES = ["", "threads/", "troubleshooting/", "examples/training-pipeline/"]


@pytest.mark.parametrize("path", SWITCHES)
def test_the_language_switcher_leads_to_the_same_page(tab, path):
    reader = tab()
    for here, there in (("", "zh/"), ("zh/", "")):
        page = reader.open(here + path)
        page.wait_for_load_state("networkidle")  # the selector has read both sitemaps
        page.hover(".md-header__option .md-select")
        page.click(f"a.md-select__link[hreflang={'zh' if there else 'en'}]")
        page.wait_for_url(reader.base + there + path, wait_until="commit")
    assert not reader.problems, reader.problems


SEARCHES = [
    ("", "thread pool", "thread-pools/"),
    ("zh/", "线程池", "thread-pools/"),
    ("zh/", "全局解释器锁", "gil/"),
    ("", "Cannot re-initialize CUDA in forked subprocess", "troubleshooting/#cuda-forked-subprocess"),
    ("zh/", "Cannot re-initialize CUDA in forked subprocess", "troubleshooting/#cuda-forked-subprocess"),
]


@pytest.mark.parametrize("home, query, expected", SEARCHES)
def test_search_typed_by_a_reader_finds_the_page(tab, home, query, expected):
    reader = tab()
    page = reader.open(home + "threads/")
    page.click(".md-search__input")
    page.keyboard.type(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    page.wait_for_timeout(300)  # the last keystroke's results replace the first ones
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    found = [re.sub(r"\?h=[^#]*", "", href).removeprefix(reader.base + home) for href in hrefs]
    top = list(dict.fromkeys(found))[:5]
    assert any(link.startswith(expected) for link in top), (
        f"searching {query!r} on /{home}: the first results are {top}, not {expected}")
    assert not reader.problems, reader.problems


def included_text(include: str) -> str:
    """What `--8<-- "file"` or `--8<-- "file:section"` inserts (pymdownx.snippets)."""
    name, _, section = include.partition(":")
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    marker = re.compile(r"^\s*#\s*--8<--\s*\[(start|end):(\w+)\]\s*$")
    if section:
        start = next(i for i, line in enumerate(lines) if marker.match(line)
                     and marker.match(line).groups() == ("start", section))
        end = next(i for i, line in enumerate(lines) if marker.match(line)
                   and marker.match(line).groups() == ("end", section))
        lines = lines[start + 1:end]
    return "\n".join(line for line in lines if not marker.match(line))


SHOW_JS = """block => {
  const details = block.closest('details');
  if (details) details.open = true;
  const tab = block.closest('.tabbed-block');
  if (tab) {
    const index = [...tab.parentElement.children].indexOf(tab);
    tab.closest('.tabbed-set').querySelectorAll(':scope > .tabbed-labels > label')[index].click();
  }
}"""


def test_the_copy_button_copies_exactly_the_tested_listing(tab):
    source = (ROOT / "docs" / "en" / "threads.md").read_text(encoding="utf-8")
    includes = re.findall(r'^( *)```python[^\n]*\n\1--8<-- "([^"]+)"\n\1```', source, re.M)
    includes = [name for _, name in includes]
    assert len(includes) >= 5, includes
    reader = tab()
    page = reader.open("threads/")
    # An included listing: titled with its snippet file, or an article's
    # original in its labelled box (untitled). Marked in page order.
    page.evaluate("""() => document.querySelectorAll('article div.highlight').forEach(block => {
      const title = block.querySelector(':scope > span.filename');
      if ((title && title.textContent.startsWith('snippets/')) ||
          (!title && block.parentElement.classList.contains('original')))
        block.setAttribute('data-listing', '');
    })""")
    blocks = page.locator("div.highlight[data-listing]")
    shown = [blocks.nth(i) for i in range(blocks.count())]
    assert len(shown) == len(includes), (len(shown), includes)
    copied = []
    for block in shown:
        if not block.is_visible():  # in a closed tab or a collapsed box: open it as a reader would
            block.evaluate(SHOW_JS)
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator("button.md-code__button[data-md-type=copy]").click()
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    mismatched = [include for include, text in zip(includes, copied)
                  if text.rstrip("\n") != included_text(include).rstrip("\n")]
    assert not mismatched, f"the copy button copied something else for: {mismatched}"


def test_a_notebook_page_shows_its_outputs(tab):
    reader = tab()
    page = reader.open("examples/training-pipeline/")
    outputs = page.locator(".jp-OutputArea-output")
    assert outputs.count() >= 5
    assert any(outputs.nth(i).inner_text().strip() for i in range(outputs.count()))
    assert page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output img')]
                            .some(img => img.naturalWidth > 0 && img.getBoundingClientRect().height > 0)""")


LUMINANCE_JS = """(selector) => {
  function rgb(el, prop) {
    const m = getComputedStyle(el)[prop].match(/[\\d.]+/g).map(Number);
    return m.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  }
  const lum = c => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  const back = lum(rgb(document.body, 'backgroundColor'));
  const text = document.querySelector(selector);
  const fore = lum(rgb(text, 'fill'));
  return {back: back, contrast: (Math.max(back, fore) + 0.05) / (Math.min(back, fore) + 0.05)};
}"""


def test_dark_mode_toggles_and_figures_stay_legible(tab):
    reader = tab()
    page = reader.open("benchmarks/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    light = page.evaluate(LUMINANCE_JS, ".bench-figure text")
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    dark = page.evaluate(LUMINANCE_JS, ".bench-figure text")
    assert light["back"] > 0.8 and dark["back"] < 0.1, (light, dark)
    assert light["contrast"] >= 4.5 and dark["contrast"] >= 4.5, (light, dark)
    page.reload()  # the choice is kept, as a reader expects
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


OVERFLOW_JS = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  unscrollable: [...document.querySelectorAll('article pre > code, article table')]
    .filter(el => {
      const box = el.tagName === 'TABLE' ? el.closest('.md-typeset__scrollwrap') || el.parentElement : el;
      const style = getComputedStyle(box);
      return el.scrollWidth > box.clientWidth + 1 && !/auto|scroll/.test(style.overflowX);
    }).length,
  wide: [...document.querySelectorAll('article pre > code, article .md-typeset__scrollwrap')]
    .filter(el => el.scrollWidth > el.clientWidth + 1).length,
})"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_menu_works_and_wide_blocks_scroll(tab, language):
    reader = tab(viewport=PHONE)
    prefix = CONFIGS[language][1] + "/" if CONFIGS[language][1] else ""
    for path in ("threads/", "glossary/"):  # long code lines; wide tables
        page = reader.open(prefix + path)
        layout = page.evaluate(OVERFLOW_JS)
        assert layout["page"] <= 0, f"{path} is {layout['page']} px wider than the phone"
        assert layout["unscrollable"] == 0, f"{path}: {layout}"
        assert layout["wide"] > 0, f"{path}: expected blocks wider than a phone, scrolling inside"
    page.click("label.md-header__button[for=__drawer]")
    link = page.locator("nav.md-nav--primary a.md-nav__link[href$='gil/']").first
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url(re.compile(r".*/gil/$"))
    assert not reader.problems, reader.problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_for_a_person_to_look_at(tab, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = CONFIGS[language][1] + "/" if CONFIGS[language][1] else ""
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        reader = tab(viewport=viewport)
        for name, path in (("home", ""), ("threads", "threads/")):
            page = reader.open(prefix + path)
            page.wait_for_load_state("networkidle")
            shot = SCREENSHOTS / f"{language}-{name}-{size_name}.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000, shot


FIRST_VISIT_LIMIT = 300_000  # bytes, gzipped as served (issue 12)


@pytest.mark.parametrize("path", ["", "zh/", "threads/", "zh/troubleshooting/",
                                  "zh/examples/training-pipeline/"])
def test_a_first_visit_downloads_what_page_weight_counts_and_under_300_kB(
        site, chromium_browser, base_url, path):
    """A fresh browser (empty cache) opens one page: what it downloads, as
    sent over the wire, stays under the limit, and every file it asked for
    is one tools/page_weight.py counts; the search index is not among them."""
    sys.path.insert(0, str(ROOT / "tools"))
    import page_weight

    reader = Tab(chromium_browser, base_url)
    sizes = {}
    reader.page.on("requestfinished", lambda r: sizes.__setitem__(
        r.url.removeprefix(base_url), r.sizes()["responseBodySize"]))
    try:
        reader.open(path).wait_for_load_state("networkidle")
    finally:
        reader.close()
    html = site / path / "index.html"
    counted = {f.relative_to(site).as_posix() for f in page_weight.resources(html, site)}
    requested = {url.split("#")[0] or "index.html" for url in sizes}
    requested = {url + "index.html" if url.endswith("/") else url for url in requested}
    assert not any("search_index" in url for url in requested), "the search index came at once"
    assert requested <= counted, f"requested but not counted: {requested - counted}"
    assert sum(sizes.values()) < FIRST_VISIT_LIMIT, sizes
