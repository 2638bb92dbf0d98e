"""Three fixes to what Material for MkDocs builds, each checked so that a
Material upgrade that changes the patched text fails the build here.

1. Chinese queries that end in a word. The search worker splits a run of
   Han characters in a query into the words its index holds, but its loop
   only tries words that end before the last character (`o < t.length`),
   so the last character never belongs to a word: 线程池 becomes 线程*, and
   the Thread pools page ranks below pages that say 线程 more often. The
   fix widens the loop to `o <= t.length` (tests/test_browser.py searches
   线程池).
2. The search dialog has no accessible name (axe-core: aria-dialog-name):
   give it the label of the search box's navigation, "Search" / "搜索".
3. The language selector keeps the reader on the same page by looking the
   page up in the other language's sitemap, whose URLs it moves onto the
   current protocol and host name, but not the port. Served on any port but
   the one in site_url (`make serve PORT=8001`, the test server), the lookup
   fails once the sitemap has loaded, and the selector goes to the other
   language's home page. The fix moves the port too.
"""

from pathlib import Path

QUERY_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
WHOLE_QUERY_LOOP = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"
PORTLESS = "function fi(e,t){return e.protocol=t.protocol,e.hostname=t.hostname,e}"
WITH_PORT = "function fi(e,t){return e.protocol=t.protocol,e.hostname=t.hostname,e.port=t.port,e}"


def patch(file: Path, buggy: str, fixed: str):
    code = file.read_text(encoding="utf-8")
    if fixed in code and buggy not in code:
        return  # left from an earlier build into the same folder
    if code.count(buggy) != 1:
        raise RuntimeError(f"{file.name}: Material's code changed; "
                           "check whether hooks/material_fixes.py is still needed")
    file.write_text(code.replace(buggy, fixed), encoding="utf-8")


def on_post_build(config, **kwargs):
    bundles = list(Path(config["site_dir"]).glob("assets/javascripts/bundle.*.min.js"))
    if len(bundles) != 1:
        raise RuntimeError(f"expected one Material bundle, found {bundles}")
    patch(bundles[0], PORTLESS, WITH_PORT)
    workers = list(Path(config["site_dir"]).glob("assets/javascripts/workers/search.*.min.js"))
    if not workers:
        raise RuntimeError("no Material search worker in the built site")
    for worker in workers:
        patch(worker, QUERY_LOOP, WHOLE_QUERY_LOOP)


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config, **kwargs):
    if SEARCH_DIALOG not in output:
        raise RuntimeError(f"{page.file.src_uri}: Material's search dialog changed; "
                           "check hooks/material_fixes.py")
    label = "搜索" if config["theme"]["language"] == "zh" else "Search"
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
