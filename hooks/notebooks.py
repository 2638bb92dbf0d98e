"""MkDocs hook: a notebook page shows the outputs of one run per build
(tools/notebooks.py), the same in both languages, and weighs what it shows.

mkdocs-jupyter is set not to execute (mkdocs.yml); this hook hands it the
notebook with the outputs of tools/notebooks.py's run, whose cells run under
a deadline and whose failures name the notebook and the cell.

mkdocs-jupyter also inlines JupyterLab's whole stylesheet into every page
(over half a megabyte) and scripts that would fetch MathJax and Mermaid from
a CDN. This keeps only the CSS rules whose classes the page uses and the
custom properties those rules read, and drops the CDN scripts: our
notebooks have no LaTeX or Mermaid, and pages load nothing from other hosts.

Headings take the ids the table of contents links to, and a Chinese
notebook's those of its English twin, so that links are the same in both
languages (mkdocs-jupyter gives Chinese headings empty ids).
"""

from html import escape
import re
import sys
import tempfile
from pathlib import Path

import mkdocs_jupyter.convert as convert
import mkdocs_jupyter.plugin as plugin
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import notebooks  # noqa: E402

_nb2html = convert.nb2html
_toc_tokens = plugin._get_nb_toc_tokens

STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
CDN_SCRIPT = re.compile(r"<script\b(?:(?!</script>).)*?(?:mathjax|https?://)(?:(?!</script>).)*</script>",
                        re.S | re.I)
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
VARIABLE_READ = re.compile(r"var\(\s*(--[\w-]+)")
# A custom property declaration; its value may hold url(...;...)
VARIABLE_DECLARED = re.compile(r"(?<=[{;])\s*(--[\w-]+)\s*:(?:[^;{}()]|\([^()]*\))*(?:;|(?=}))")


def rules(css: str) -> list[tuple[str, str | None]]:
    """Top-level (prelude, block) pairs; a statement like @charset has no block."""
    found, depth, start, block_start, prelude = [], 0, 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, block_start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found.append((prelude, css[block_start:i]))
                start = i + 1
        elif char == ";" and depth == 0:
            found.append((css[start:i].strip(), None))
            start = i + 1
    return found


def selector_list(prelude: str) -> list[str]:
    """A selector list split at its top-level commas, not those in :is(a, b)."""
    selectors, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            selectors.append(prelude[start:i])
            start = i + 1
    return selectors + [prelude[start:]]


def rules_for(css: str, classes: set[str]) -> str:
    """The rules with a selector whose classes all occur on the page."""
    kept = []
    for prelude, block in rules(css):
        if block is None or (prelude.startswith("@") and not prelude.startswith(("@media", "@supports"))):
            continue  # @charset, @font-face, @keyframes: nothing on a static page needs them
        if prelude.startswith("@"):
            inner = rules_for(block, classes)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
            continue
        selectors = [s for s in selector_list(prelude) if set(CLASS.findall(s)) <= classes]
        if selectors:
            kept.append(f"{','.join(selectors)}{{{block}}}")
    return "".join(kept)


def without_unread_variables(css: str) -> str:
    while True:
        read = set(VARIABLE_READ.findall(css))
        slimmer = VARIABLE_DECLARED.sub(lambda m: m.group(0) if m.group(1) in read else "", css)
        if slimmer == css:
            return css
        css = slimmer


def slimmed(html: str) -> str:
    html = CDN_SCRIPT.sub("", html)
    body = STYLE.sub("", html)
    classes = {name for value in re.findall(r'class="([^"]*)"', body) for name in value.split()}
    # One <style> holds a Python list's repr of CSS the first one already
    # has (mkdocs-jupyter's template prints resources as a list): skip it.
    sheets = [css for css in STYLE.findall(html) if not css.lstrip().startswith("[")]
    css = without_unread_variables(rules_for("".join(sheets), classes))
    return f"<style>{css}</style>\n{body}"


def english_twin(nb_path) -> Path | None:
    """docs/zh/examples/x.ipynb -> docs/en/examples/x.ipynb."""
    path = Path(nb_path)
    if path.parent.name != "examples" or path.parents[1].name == "en":
        return None
    twin = path.parents[2] / "en" / "examples" / path.name
    return twin if twin.exists() else None


def flattened(tokens) -> list[dict]:
    return [t for token in tokens for t in [token, *flattened(token.get("children", []))]]


def toc_ids(nb_path) -> list[str]:
    """The ids the table of contents links to, in order: the English twin's
    for a Chinese notebook. mkdocs-jupyter gives the headings themselves
    other ids (empty for Chinese text, and with the text of `code` kept,
    which the TOC drops), so the TOC's links would go nowhere."""
    source = english_twin(nb_path) or Path(nb_path)
    return [token["id"] for token in flattened(_toc_tokens(str(source), 6)[0])]


def toc_tokens_with_english_ids(fpath, toc_depth):
    tokens, title = _toc_tokens(fpath, toc_depth)
    twin = english_twin(fpath)
    if twin is not None:
        mine, theirs = flattened(tokens), flattened(_toc_tokens(str(twin), toc_depth)[0])
        if len(mine) != len(theirs):
            raise ValueError(f"{fpath}: {len(mine)} headings, and its English twin has {len(theirs)}")
        for token, same in zip(mine, theirs):
            token["id"] = same["id"]
    return tokens, title


HEADING = re.compile(r'(<h[1-6]\b[^>]*\bid=")[^"]*("[^>]*>(?:(?!</h[1-6]>).)*?'
                     r'<a class="anchor-link" href="#)[^"]*(")', re.S)


def with_toc_ids(html: str, nb_path) -> str:
    ids = toc_ids(nb_path)
    found = len(HEADING.findall(html))
    if found != len(ids):
        raise ValueError(f"{nb_path}: {found} headings on the page, {len(ids)} in its TOC")
    next_id = iter(ids)

    def renamed(match):
        heading_id = next(next_id)
        return f"{match.group(1)}{heading_id}{match.group(2)}{heading_id}{match.group(3)}"
    return HEADING.sub(renamed, html)


CODE_CELL = '<div class="highlight-ipynb hl-python">'
NO_ALT = 'alt="No description has been provided for this image"'  # nbconvert's stand-in


def with_alt_texts(html: str, notebook, nb_path) -> str:
    """Each plot's text alternative, in the page's language, from its cell's
    metadata "alt": nbconvert has no way to set one."""
    alts = [cell.metadata.get("alt") for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    if None in alts:
        raise ValueError(f"{nb_path}: a cell that draws a plot has no \"alt\" in its metadata")
    if html.count(NO_ALT) != len(alts):
        raise ValueError(f"{nb_path}: {html.count(NO_ALT)} images on the page, {len(alts)} plots")
    for alt in alts:
        html = html.replace(NO_ALT, f'alt="{escape(alt, quote=True)}"', 1)
    return html


def nb2html_with_this_builds_run(nb_path, *args, **kwargs):
    notebook, _ = notebooks.with_outputs(Path(nb_path))
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / Path(nb_path).name
        nbformat.write(notebook, copy)
        kwargs["execute"] = False
        html = _nb2html(str(copy), *args, **kwargs)
    # A code cell scrolls sideways: a keyboard reader must be able to focus it
    # to scroll it (axe-core: scrollable-region-focusable).
    html = html.replace(CODE_CELL, CODE_CELL[:-1] + ' tabindex="0">')
    return with_toc_ids(slimmed(with_alt_texts(html, notebook, nb_path)), nb_path)


convert.nb2html = nb2html_with_this_builds_run
plugin._get_nb_toc_tokens = toc_tokens_with_english_ids
