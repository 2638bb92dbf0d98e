"""Find every fenced block on every page, and classify it.

pytest-codeblocks finds the blocks and reads its markers
(<!--pytest-codeblocks:expected-output-->, :cont, pytest.mark.skipif...).
Its own runner is not used: it exec()s blocks with __name__ != "__main__"
and silently skips ```py and ```python title="..." fences. A separate
line scanner finds every fence, including ~~~ fences, so that a fence no
test collected is reported instead of passing unseen.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = ("en", "zh")
PYTHON = {"python", "py", "python3"}
LABELS = {"original", "excerpt"}  # admonition types that mark a block as not run
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$')
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+(\w+)")
MARKER = re.compile(r"<!--[-\s]*pytest-codeblocks:(expected-output\S*|cont)[-\s]*-->")


@dataclass
class Block:
    page: Path
    lineno: int  # 1-based line of the opening fence
    info: str  # what follows the opening backticks: 'python title="x"'
    code: str
    expected_output: str | None = None
    marks: list[str] = field(default_factory=list)
    label: str | None = None  # "original" / "excerpt" when inside such a box

    @property
    def language(self) -> str:
        return self.info.split()[0].strip("{}.") if self.info.split() else ""

    @property
    def includes(self) -> list[str]:
        return [m.group(1) for line in self.code.splitlines()
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
    def name(self) -> str:
        return f"{display(self.page)}:{self.lineno}"


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def page_files(language: str) -> list[Path]:
    return sorted((DOCS / language).rglob("*.md"))


def scan_fences(text: str) -> list[tuple[int, int, str]]:
    """(line number, indent, info) of every opening fence, by a line scanner."""
    fences, closing = [], None
    for lineno, line in enumerate(text.splitlines(), 1):
        m = FENCE.match(line)
        if closing:
            if m and m.group(2)[0] == closing[0] and len(m.group(2)) >= len(closing) \
                    and not m.group(3).strip():
                closing = None
            continue
        if m:
            fences.append((lineno, len(m.group(1)), m.group(3).strip()))
            closing = m.group(2)
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


def parse(page: Path) -> tuple[list[Block], list[str]]:
    """The blocks on a page, and the problems found while collecting them."""
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines()
    problems = []
    collected = {b.lineno: b for b in extract_from_buffer(io.StringIO(text))}

    # Fences consumed by a marker (expected output, continuation) are not
    # blocks of their own: the marker line comes right before them.
    consumed = set()
    for lineno, indent, info in scan_fences(text):
        previous = [ln for ln in lines[: lineno - 1] if ln.strip()]
        if previous and MARKER.search(previous[-1]):
            consumed.add(lineno)

    blocks = []
    for lineno, indent, info in scan_fences(text):
        if lineno in consumed:
            continue
        found = collected.get(lineno)
        if found is None:
            problems.append(f"{display(page)}:{lineno}: fence "
                            f"{info!r} was not collected by any test")
            continue
        blocks.append(Block(page, lineno, info, found.code, found.expected_output,
                            list(found.marks), label_of(lines, lineno, indent)))
    extra = set(collected) - {ln for ln, _, _ in scan_fences(text)} - consumed
    for lineno in sorted(extra):
        problems.append(f"{display(page)}:{lineno}: pytest-codeblocks "
                        "found a block the fence scanner did not")
    for block in blocks:
        if block.kind == "untested":
            problems.append(f"{block.name}: a {block.language or 'plain'} block that "
                            "is not run; put it in an 'excerpt' admonition")
        if block.kind == "include":
            others = [ln for ln in block.code.splitlines()
                      if ln.strip() and not INCLUDE.match(ln)]
            if others:
                problems.append(f"{block.name}: an include block holds other lines too")
        if block.kind == "run" and any("skip(" in m or m.endswith(".skip") for m in block.marks):
            problems.append(f"{block.name}: a skipped block is not tested; "
                            "label it as an excerpt instead")
    return blocks, problems
