"""Two fixes to what Material for MkDocs builds, each checked so that a
Material upgrade that changes the patched text fails the build here.

1. Chinese queries that end in a word. The search worker splits a run of Han characters in a query into the words
its index holds, but its loop only tries words that end before the last
character (`o < t.length`), so the last character never belongs to a word:
线程池 becomes 线程*, and the Thread pools page ranks below pages that say
线程 more often. This widens the loop to `o <= t.length` in the built
worker. A Material upgrade that changes the line fails the build here, so
the fix is looked at again (tests/test_browser.py searches 线程池).
2. The search dialog has no accessible name (axe-core: aria-dialog-name):
   give it the label of the search box's navigation, "Search" / "搜索".
"""

from pathlib import Path

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def on_post_build(config, **kwargs):
    workers = list(Path(config["site_dir"]).glob("assets/javascripts/workers/search.*.min.js"))
    if not workers:
        raise RuntimeError("no Material search worker in the built site")
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if FIXED in code and BUGGY not in code:
            continue  # left from an earlier build into the same folder
        if code.count(BUGGY) != 1:
            raise RuntimeError(f"{worker.name}: Material's query segmentation changed; "
                               "check whether hooks/search_segmenter.py is still needed")
        worker.write_text(code.replace(BUGGY, FIXED), encoding="utf-8")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config, **kwargs):
    if SEARCH_DIALOG not in output:
        raise RuntimeError(f"{page.file.src_uri}: Material's search dialog changed; "
                           "check hooks/material_fixes.py")
    label = "搜索" if config["theme"]["language"] == "zh" else "Search"
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
