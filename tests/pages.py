"""Find every fenced block on every page, and classify it.

pytest-codeblocks finds the blocks and reads its markers
(<!--pytest-codeblocks:expected-output-->, :cont, pytest.mark.skipif...).
Its own runner is not used: it exec()s blocks with __name__ != "__main__"
and silently skips ```py and ```python title="..." fences. A separate
line scanner finds every fence, including ~~~ fences, so that a fence no
test collected is reported instead of passing unseen.

A "page" is a Markdown file under docs/<language>/ or examples/<language>/,
or the Markdown cells of a notebook there: a fence in a notebook's text is
held to the same rules as a fence on a page.
"""

import ast
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
LANGUAGES = ("en", "zh")
PYTHON = {"python", "py", "python3"}
LABELS = {"original", "excerpt"}  # admonition types that mark a block as not run
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$')
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+(\w+)")
MARKER = re.compile(r"<!--[-\s]*pytest-codeblocks:(expected-output\S*|cont)[-\s]*-->")
CONT = re.compile(r"<!--[-\s]*pytest-codeblocks:cont[-\s]*-->")
HEADING_ID = re.compile(r"^#{2,6}\s.*?\{#([\w-]+)\}\s*$")
SETEXT = re.compile(r"^(=+|-+)\s*$")
TITLE = re.compile(r'title="([^"]*)"')

sys.path.insert(0, str(ROOT / "tools"))
import conditions  # noqa: E402


@dataclass
class Block:
    page: Path
    lineno: int  # 1-based line of the opening fence
    info: str  # what follows the opening backticks: 'python title="x"'
    code: str  # what runs: with any blocks joined to it by the cont marker
    expected_output: str | None = None
    marks: list[str] = field(default_factory=list)
    label: str | None = None  # "original" / "excerpt" when inside such a box
    parts: list[str] = field(default_factory=list)  # each fence's own text, as shown

    @property
    def language(self) -> str:
        return self.info.split()[0].strip("{}.") if self.info.split() else ""

    @property
    def includes(self) -> list[str]:
        """Included paths, spelled the one way (./snippets/x.py is snippets/x.py)."""
        return [normalize_include(m.group(1)) for line in self.code.splitlines()
                if (m := INCLUDE.match(line))]

    @property
    def kind(self) -> str:
        if self.includes:
            return "include"
        if self.label:
            return self.label
        if self.language == "mermaid":
            return "diagram"
        if self.language in PYTHON:
            return "run"
        return "untested"

    @property
    def skip_condition(self) -> str | None:
        """The declared condition of a skipif marker, if the block has one."""
        for mark in self.marks:
            call = parse_mark(mark)
            if call and call[0] == "skipif":
                return call[1]
        return None

    @property
    def skipped_here(self) -> bool:
        """Not run on this machine: it does not count as tested."""
        condition = self.skip_condition
        return condition is not None and conditions.holds(condition)

    @property
    def name(self) -> str:
        return f"{display(self.page)}:{self.lineno}"


def normalize_include(include: str) -> str:
    path, colon, section = include.partition(":")
    return os.path.normpath(path).replace(os.sep, "/") + colon + section


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def page_files(language: str) -> list[Path]:
    """The Markdown pages of the site in one language."""
    return sorted((DOCS / language).rglob("*.md"))


def sources(language: str) -> list[Path]:
    """Everything a reader sees as text: the pages, and the Markdown files
    and notebooks under examples/ (which docs/ reaches through a symlink
    that rglob does not follow)."""
    examples = EXAMPLES / language
    return page_files(language) + sorted(examples.rglob("*.md")) + sorted(examples.rglob("*.ipynb"))


def read(page: Path) -> str:
    """A page's Markdown; for a notebook, its Markdown cells, one after another."""
    text = page.read_text(encoding="utf-8")
    if page.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown") + "\n"


def parse_mark(mark: str) -> tuple[str, str | None, str | None] | None:
    """'pytest.mark.skipif(cond, reason="r")' -> ("skipif", "cond", "r")."""
    try:
        node = ast.parse(mark.strip(), mode="eval").body
    except SyntaxError:
        return None
    func = node.func if isinstance(node, ast.Call) else node
    name = ast.unparse(func).removeprefix("pytest.mark.")
    if not isinstance(node, ast.Call):
        return name, None, None
    condition = ast.get_source_segment(mark.strip(), node.args[0]) if node.args else None
    reason = next((k.value.value for k in node.keywords
                   if k.arg == "reason" and isinstance(k.value, ast.Constant)), None)
    return name, condition, reason


def mark_problems(block: Block) -> list[str]:
    """Only skipif, for a declared condition, with a reason."""
    problems = []
    for mark in block.marks:
        call = parse_mark(mark)
        name, condition, reason = call or (mark, None, None)
        if name != "skipif":
            problems.append(f"{block.name}: marker {mark!r} is not allowed: a block "
                            "that is not run must be labelled as an excerpt")
        elif condition not in conditions.CONDITIONS:
            problems.append(f"{block.name}: skipif condition {condition!r} is not one of "
                            f"the declared conditions {sorted(conditions.CONDITIONS)} "
                            "(tools/conditions.py)")
        elif not reason:
            problems.append(f"{block.name}: skipif needs a reason")
    return problems


def scan_fences(text: str) -> list[tuple[int, int, str, str]]:
    """(line number, indent, info, body) of every fence, by a line scanner."""
    fences, opening = [], None
    lines = text.splitlines()
    for lineno, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if opening:
            start, indent, info, mark = opening
            if m and m.group(2)[0] == mark[0] and len(m.group(2)) >= len(mark) \
                    and not m.group(3).strip():
                body = "".join(ln[min(indent, len(ln) - len(ln.lstrip())):] + "\n"
                               for ln in lines[start:lineno - 1])
                fences.append((start, indent, info, body))
                opening = None
            continue
        if m:
            opening = (lineno, len(m.group(1)), m.group(3).strip(), m.group(2))
    if opening:
        fences.append((opening[0], opening[1], opening[2], ""))
    return fences


def label_of(lines: list[str], lineno: int, indent: int) -> str | None:
    """The admonition type around the fence at lineno, if it is one of LABELS."""
    for line in reversed(lines[: lineno - 1]):
        if not line.strip():
            continue
        line_indent = len(line) - len(line.lstrip())
        if line_indent < indent:
            m = ADMONITION.match(line)
            if m and m.group(2) in LABELS:
                return m.group(2)
            if not m:
                return None
            indent = line_indent
    return None


def headings(page: Path) -> list[tuple[int, str]]:
    """(line number, explicit id) of the headings below the title, in order."""
    found, fenced, previous = [], False, ""
    for lineno, line in enumerate(read(page).splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("##"):
            m = HEADING_ID.match(line)
            found.append((lineno, m.group(1) if m else f"(no id) {line.strip()}"))
        elif not fenced and previous.strip() and SETEXT.match(line) and not previous.startswith("|"):
            found.append((lineno, f"(no id) {previous.strip()}"))  # a setext heading
        previous = line
    return found


def heading_ids(page: Path) -> list[str]:
    return [heading for _, heading in headings(page)]


def parse(page: Path) -> tuple[list[Block], list[str]]:
    """The blocks on a page, and the problems found while collecting them."""
    text = read(page)
    lines = text.splitlines()
    problems = []
    collected = {b.lineno: b for b in extract_from_buffer(io.StringIO(text))}
    fences = scan_fences(text)

    # Fences consumed by a marker (expected output, continuation) are not
    # blocks of their own: the marker line comes right before them.
    consumed, continued = set(), {}
    for lineno, indent, info, body in fences:
        previous = [ln for ln in lines[: lineno - 1] if ln.strip()]
        if previous and MARKER.search(previous[-1]):
            consumed.add(lineno)
            if CONT.search(previous[-1]):
                continued[lineno] = body
            if any(INCLUDE.match(ln) for ln in body.splitlines()):
                problems.append(f"{display(page)}:{lineno}: an include after a "
                                "pytest-codeblocks marker; show outputs by including X.out")

    blocks = []
    for lineno, indent, info, body in fences:
        if lineno in consumed:
            if lineno in continued and blocks:
                blocks[-1].parts.append(continued[lineno])
            continue
        found = collected.get(lineno)
        if found is None:
            problems.append(f"{display(page)}:{lineno}: fence "
                            f"{info!r} was not collected by any test")
            continue
        if found.importorskip:
            found.marks.append(f"pytest.importorskip({found.importorskip!r})")
        blocks.append(Block(page, lineno, info, found.code, found.expected_output,
                            list(found.marks), label_of(lines, lineno, indent), [body]))
    extra = set(collected) - {f[0] for f in fences} - consumed
    for lineno in sorted(extra):
        problems.append(f"{display(page)}:{lineno}: pytest-codeblocks "
                        "found a block the fence scanner did not")

    previous = None
    for block in blocks:
        problems.extend(mark_problems(block))
        if block.kind == "untested":
            problems.append(f"{block.name}: a {block.language or 'plain'} block that "
                            "is not run; put it in an 'excerpt' admonition")
        if block.kind == "include":
            others = [ln for ln in block.code.splitlines()
                      if ln.strip() and not INCLUDE.match(ln)]
            if others or len(block.includes) > 1:
                problems.append(f"{block.name}: an include block holds one include "
                                "and nothing else")
            title = TITLE.search(block.info)
            shown = block.includes[0].split(":")[0]
            if title and "/" in title.group(1) and title.group(1) != shown:
                problems.append(f"{block.name}: titled {title.group(1)!r} but shows {shown}")
        if block.label == "original" and (block.kind != "include" or not all(
                i.startswith("originals/") for i in block.includes)):
            problems.append(f"{block.name}: an 'original' box may hold only an include "
                            "of a file in originals/")
        for include in block.includes:
            path = include.split(":")[0]
            if path.endswith(".out"):
                shown = [i.split(":")[0] for i in (previous.includes if previous else [])]
                if path.removesuffix(".out") + ".py" not in shown:
                    problems.append(f"{block.name}: {path} does not follow its listing "
                                    f"{path.removesuffix('.out')}.py (it follows {shown or 'no listing'})")
        previous = block
    return blocks, problems


INLINE_CODE = re.compile(r"``.*?``|`[^`]*`")
MACRO_CALL = re.compile(r"\{\{.*?\}\}")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HTML_COMMENT = re.compile(r"<!--.*?-->")


def prose_lines(page: Path) -> list[tuple[int, str]]:
    """(line number, text) of a page's prose: fences, include lines, code
    spans, macros, link targets and HTML comments taken out."""
    text = read(page)
    fenced, titles = set(), {}
    for lineno, _, info, body in scan_fences(text):
        if not info.startswith("mermaid"):  # a diagram's text is prose
            fenced.update(range(lineno + 1, lineno + len(body.splitlines()) + 2))
        title = TITLE.search(info)
        titles[lineno] = title.group(1) if title else ""
    prose = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if lineno in titles:
            line = titles[lineno]  # a fence shows only its title as text
        if lineno in fenced or INCLUDE.match(line):
            continue
        for pattern in (INLINE_CODE, MACRO_CALL, LINK_TARGET, HTML_COMMENT):
            line = pattern.sub(" ", line)
        if line.strip():
            prose.append((lineno, line))
    return prose
