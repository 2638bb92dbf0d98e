"""Chinese that reads as written in Chinese: the typography lint and the term rules.

Scope (`documents()`): every page under docs/zh/, the Markdown cells of the
notebooks in examples/zh/, and README.zh-CN.md. Only prose is checked
(`segments()`): fenced code, inline code spans, `--8<--` include lines, link
URLs, HTML comments and the macro calls themselves are skipped; the text a
reader sees is kept: paragraphs, headings, list items, table cells,
admonition and tab titles, code block titles (`title="输出(...)"`), the
translated arguments of `{{ figure(...) }}` and `{{ claim(...) }}`, and the
labels of Mermaid diagrams. Titles of cited works inside 《》 and quotes
inside 「」 (a source article's words, kept as printed) are skipped.

Typography (`typography()`), two checks:

- autocorrect (PyPI `autocorrect-py`) configured by .autocorrectrc: spaces
  between Chinese and Latin words, numbers and code; full-width , : ! ?
  after Chinese; no spaces around full-width punctuation; half-width
  letters and digits.
- The project's own rule, for what autocorrect leaves alone: a half-width
  , : ; ( ) ! ? touching Chinese (a CJK character, Chinese punctuation or
  “”) is a violation; write ，：；（）！？. autocorrect never converts ; ( ),
  and its `space-bracket` rule (off here) would ask for “锁 (GIL)” where this
  project writes “锁（GIL）”.

Terms (`terms()`), two checks:

- The ruled-out variants listed in the 不用 column of docs/zh/glossary.md
  (read from the page: the glossary is the only list). “基准（“基准测试”除外）”
  flags 基准 except where it is part of 基准测试.
- Multiples: never 快 N 倍 / 慢 N 倍 / 快 {ratio} (“快 1.9 倍” reads as 2.9×
  to many readers); write “A 的速度是 B 的 N 倍”, or the N× figure label.

A violation prints as `where: old -> suggested (rule)`.
"""

import ast
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import autocorrect_py

from pages import FENCE, INCLUDE, TITLE

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".autocorrectrc"
GLOSSARY = ROOT / "docs" / "zh" / "glossary.md"
EN_GLOSSARY = ROOT / "docs" / "en" / "glossary.md"
JIEBA_TERMS = ROOT / "docs" / "jieba_terms.txt"
RULED_OUT_HEADERS = ("不用", "Not used")  # zh and en glossary column
TERM_HEADER = "中文"

autocorrect_py.load_config(CONFIG.read_text(encoding="utf-8"))


def documents() -> list[Path]:
    """Everything the lint reads: zh pages, zh notebooks, the Chinese README."""
    return (sorted((ROOT / "docs" / "zh").rglob("*.md"))
            + sorted((ROOT / "examples" / "zh").glob("*.ipynb"))
            + [ROOT / "README.zh-CN.md"])


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# ---------------------------------------------------------------- prose ---

@dataclass
class Segment:
    """One piece of prose: a line, a table cell, a title, a diagram label.
    Code, URLs, macros and cited titles are replaced by tokens (`c0`, `m1`,
    《t2》, ...) that autocorrect sees as Latin words; `spans` maps them back."""
    where: str  # "docs/zh/threads.md:14"
    text: str
    spans: dict[str, str] = field(default_factory=dict)
    column: str | None = None  # the table column's header, for a table cell

    def restore(self, text: str, short: bool = True) -> str:
        def back(m):
            original = self.spans.get(m.group(0), m.group(0))
            if short and m.group(0)[:2] in ("`m", "`s"):
                return "{{ " + original[2:].strip().split("(")[0] + "(…) }}"
            if short and len(original) > 24:
                return original[:20] + "…" + original[-3:]
            return original
        return TOKEN.sub(back, text).replace("\n", "<br/>")


TOKEN = re.compile(r"`[cmsru]\d+`|《t\d+》")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
MACRO = re.compile(r"\{\{\s*(\w+)\((.*?)\)\s*\}\}")
PROSE_ARGS = {"figure": 1, "claim": 3}  # arguments from this index on are translated text
LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\](?:\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
URL = re.compile(r"<?https?://[^\s<>)\]]+>?")
CITED = re.compile(r"《[^》]*》|〈[^〉]*〉|「[^」]*」")
BREAK = re.compile(r"<br\s*/?>", re.I)
TAG = re.compile(r"</?(?:a|b|i|em|strong|span|div|p|sup|sub|kbd|small|img|details|summary|abbr|figure|figcaption)\b[^>]*>", re.I)
ATTR_LIST = re.compile(r"\s*\{\s*[#.:][^{}]*\}")
ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(.*)")?\s*$')
TAB = re.compile(r'^\s*===\+?\s+"(.*)"\s*$')
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s+\S+")
LEADER = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


class Masker:
    """Replaces what is not prose by tokens, collecting them in `spans`."""

    def __init__(self):
        self.spans: dict[str, str] = {}
        self.extra: list[str] = []  # translated macro arguments: more prose
        self.count = 0

    def token(self, kind: str, original: str) -> str:
        name = f"《t{self.count}》" if kind == "t" else f"`{kind}{self.count}`"
        self.count += 1
        self.spans[name] = original
        return name

    def macro(self, m: re.Match) -> str:
        name, args = m.group(1), m.group(2)
        try:
            values = ast.literal_eval(f"({args},)") if args.strip() else ()
        except (SyntaxError, ValueError):
            values = ()
        if name in PROSE_ARGS:
            self.extra += [v for v in values[PROSE_ARGS[name]:] if isinstance(v, str)]
        kind = "s" if name == "value" and values[-1:] == ("speedup",) else "m"
        return self.token(kind, m.group(0))

    def mask(self, text: str) -> str:
        text = CODE_SPAN.sub(lambda m: self.token("c", m.group(0)), text)
        text = MACRO.sub(self.macro, text)
        text = re.sub(r"\{ratio\}", lambda m: self.token("r", m.group(0)), text)
        text = LINK.sub(lambda m: m.group(1), text)
        text = URL.sub(lambda m: self.token("u", m.group(0)), text)
        text = CITED.sub(lambda m: self.token("t", m.group(0)), text)
        text = BREAK.sub("\n", text)
        text = TAG.sub("", text)
        text = ATTR_LIST.sub("", text)
        return text


def split_cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def split_row(line: str) -> list[str]:
    """A table row's cells, split around code spans (one may hold a |)."""
    code = []

    def hide(m):
        code.append(m.group(0))
        return f"\0{len(code) - 1}\0"

    cells = split_cells(CODE_SPAN.sub(hide, line))
    return [re.sub(r"\0(\d+)\0", lambda t: code[int(t.group(1))], cell) for cell in cells]


def mermaid_labels(line: str) -> list[str]:
    """The text a Mermaid diagram shows: node labels, edge labels, titles."""
    body = line.strip()
    if not body or body.startswith("%%") or re.match(
            r"(flowchart|graph|classDef|class|style|linkStyle|click|direction|end)\b", body):
        return []
    m = re.match(r"subgraph\s+(.*)$", body)
    if m:
        inner = re.search(r"\[(.*)\]", m.group(1))
        return [inner.group(1) if inner else m.group(1)]
    labels = [m.group(1) for m in re.finditer(r"\|([^|]*)\|", body)]
    labels += [m.group(1) for m in re.finditer(
        r"(?:--|==|-\.)\s+([^>|\-=.][^>|]*?)\s+(?:-->|==>|\.->|---)", body)]
    closers = {"[": "]", "(": ")", "{": "}", ">": "]"}
    i = 0
    while i < len(body):
        opener = body[i]
        if opener in closers and i and (body[i - 1].isalnum() or body[i - 1] == "_"):
            depth, j = 0, i
            while j < len(body):
                if body[j] == opener and opener != ">":
                    depth += 1
                elif body[j] == closers[opener]:
                    depth -= 1
                    if depth <= 0:
                        break
                j += 1
            label = body[i + 1:j]
            while len(label) >= 2 and label[0] in "[({/\\" and label[-1] in "])}/\\":
                label = label[1:-1]  # the inner layer of ([ ]), (( )), {{ }}, [/ /]
            labels.append(label)
            i = j + 1
            continue
        i += 1
    if not labels and ":" in body and not re.match(r"\w+\s*$", body):  # other diagram types
        labels.append(body.split(":", 1)[1])
    return [label.strip().strip('"').strip("`").strip() for label in labels]


def segments(text: str, where: str) -> list[Segment]:
    """The prose of a Markdown document, line by line."""
    found = []
    fence = None  # (closing marker, language) while inside a fence
    comment = False
    headers: list[str] = []

    def add(prose: str, lineno: int, column: str | None = None):
        masker = Masker()
        masked = masker.mask(prose)
        pieces = [(masked, masker.spans)]
        for extra in masker.extra:
            sub = Masker()
            pieces.append((sub.mask(extra), sub.spans))
        for piece, spans in pieces:
            piece = LEADER.sub("", piece, count=1).strip()
            if piece.strip(" \n"):
                found.append(Segment(f"{where}:{lineno}", piece, spans, column))

    for lineno, line in enumerate(text.splitlines(), 1):
        if comment:
            if "-->" not in line:
                continue
            line, comment = line.split("-->", 1)[1], False
        if fence:
            m = FENCE.match(line)
            if m and m.group(2)[0] == fence[0][0] and len(m.group(2)) >= len(fence[0]) \
                    and not m.group(3).strip():
                fence = None
            elif fence[1] == "mermaid":
                for label in mermaid_labels(line):
                    add(label, lineno)
            continue
        line = re.sub(r"<!--.*?-->", "", line)
        if "<!--" in line:
            line, comment = line.split("<!--", 1)[0], True
        m = FENCE.match(line)
        if m:
            info = m.group(3).strip()
            fence = (m.group(2), info.split()[0].strip("{}.") if info else "")
            title = TITLE.search(info)
            if title:
                add(title.group(1), lineno)
            continue
        if INCLUDE.match(line) or REFERENCE.match(line):
            continue
        m = ADMONITION.match(line) or TAB.match(line)
        if m:
            if m.group(1):
                add(m.group(1), lineno)
            continue
        if line.lstrip().startswith("|"):
            if TABLE_SEPARATOR.match(line):
                continue
            cells = split_row(line)
            if not headers:
                headers = cells
            for index, cell in enumerate(cells):
                add(cell, lineno, headers[index] if index < len(headers) else None)
            continue
        headers = []
        add(line, lineno)
    return found


def document_segments(path: Path, text: str | None = None) -> list[Segment]:
    """Segments of a page, or of a notebook's Markdown cells."""
    text = path.read_text(encoding="utf-8") if text is None else text
    if path.suffix != ".ipynb":
        return segments(text, display(path))
    found = []
    for number, cell in enumerate(json.loads(text)["cells"], 1):
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            found += segments(source, f"{display(path)}#cell{number}")
    return found


# ----------------------------------------------------------- typography ---

@dataclass
class Violation:
    where: str
    old: str
    new: str
    rule: str  # "autocorrect", "punctuation", "term", "multiple"

    def __str__(self):
        return f"{self.where}: {self.old} -> {self.new} ({self.rule})"


HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs
                 "\u3000-\u303f\uff00-\uffef"  # 、。《》「」 and full-width ，：；（）！？
                 "\u2018\u2019\u201c\u201d]")  # ‘’“” (Chinese quotes on a zh page)
TRANSPARENT = " \t*\n"  # may stand between the mark and the Chinese (\n: a <br/>)
CONTEXT = 8


def window(segment: Segment, text: str, start: int, end: int) -> str:
    """text[start:end] with some context, never cutting a token in two."""
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    for m in TOKEN.finditer(text):
        if m.start() < a < m.end():
            a = m.start()
        if m.start() < b < m.end():
            b = m.end()
    return (("…" if a else "") + segment.restore(text[a:b])
            + ("…" if b < len(text) else ""))


def touches_chinese(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in TRANSPARENT:
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in TRANSPARENT:
        k += 1
    return bool((j >= 0 and CJK.match(text[j])) or (k < len(text) and CJK.match(text[k])))


def fullwidth_fix(text: str, i: int) -> tuple[int, int, str]:
    """The span around text[i] to replace, and its replacement: the full-width
    mark, without the spaces beside it."""
    a, b = i, i + 1
    while a > 0 and text[a - 1] in " \t":
        a -= 1
    while b < len(text) and text[b] in " \t":
        b += 1
    return a, b, HALF_TO_FULL[text[i]]


def bracket_pairs(text: str) -> list[tuple[int, int]]:
    pairs, stack = [], []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    return pairs


def check_segment(segment: Segment) -> list[Violation]:
    """autocorrect's corrections, then the project's rule on what it left."""
    text = segment.text
    fixed = autocorrect_py.format(text)
    found, touched = [], set()
    if fixed != text:
        matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            touched.update(range(i1, i2))
            found.append(Violation(segment.where, window(segment, text, i1, i2),
                                   window(segment, fixed, j1, j2), "autocorrect"))
    flagged = {i for i, ch in enumerate(text)
               if ch in HALF_TO_FULL and touches_chinese(text, i)}
    for i, j in bracket_pairs(text):  # （GIL) is wrong too: convert both
        if i in flagged or j in flagged:
            flagged |= {i, j}
    for i in sorted(flagged - touched):
        a, b, full = fullwidth_fix(text, i)
        new = text[:a] + full + text[b:]
        found.append(Violation(segment.where, window(segment, text, a, b),
                               window(segment, new, a, a + 1), "punctuation"))
    return found


def typography(path: Path, text: str | None = None) -> list[Violation]:
    return [v for s in document_segments(path, text) for v in check_segment(s)]


def typography_of(markdown: str, where: str = "sample") -> list[Violation]:
    """The typography check on a Markdown string (self-tests)."""
    return [v for s in segments(markdown, where) for v in check_segment(s)]


# ---------------------------------------------------------------- terms ---

@dataclass
class TermRule:
    variant: str  # the ruled-out word
    exceptions: tuple[str, ...]  # longer words that contain it and stay allowed
    term: str  # what to write instead (the glossary's 中文 cell)

    def matches(self, text: str) -> list[int]:
        allowed = [(m.start(), m.end()) for e in self.exceptions
                   for m in re.finditer(re.escape(e), text, re.I)]
        return [m.start() for m in re.finditer(re.escape(self.variant), text, re.I)
                if not any(a <= m.start() and m.end() <= b for a, b in allowed)]


def glossary_table(path: Path) -> list[dict[str, str]]:
    """The glossary's table as rows of {header: cell}."""
    rows, headers = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("|") or TABLE_SEPARATOR.match(line):
            continue
        cells = split_row(line)
        if headers is None:
            headers = cells
        else:
            rows.append(dict(zip(headers, cells)))
    return rows


def parse_ruled_out(cell: str) -> list[tuple[str, tuple[str, ...]]]:
    """'串行、逐个' -> [('串行', ()), ('逐个', ())];
    '基准（“基准测试”除外）' -> [('基准', ('基准测试',))]."""
    found = []
    for item in re.split(r"[、，,]\s*(?![^（(]*[）)])", cell.strip()):
        item = item.strip()
        if not item or item in {"—", "-", "–"}:
            continue
        m = re.fullmatch(r"(.+?)\s*[（(](.*)除外[）)]", item)
        variant, exceptions = (m.group(1), tuple(re.findall(r"“([^”]+)”", m.group(2)))) \
            if m else (item, ())
        for exception in exceptions:
            if variant not in exception:
                raise ValueError(f"glossary: “{exception}” does not contain “{variant}”")
        found.append((variant, exceptions))
    return found


def ruled_out(path: Path = GLOSSARY) -> list[TermRule]:
    """The ruled-out variants, read from the glossary page's 不用 column."""
    rules = []
    for row in glossary_table(path):
        column = next((h for h in RULED_OUT_HEADERS if h in row), None)
        if column is None:
            raise ValueError(f"{display(path)}: the glossary table has no "
                             f"{' / '.join(RULED_OUT_HEADERS)} column")
        for variant, exceptions in parse_ruled_out(row[column]):
            rules.append(TermRule(variant, exceptions, row[TERM_HEADER]))
    return rules


NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百几数]+)"
MULTIPLE = re.compile(
    rf"(?:快|慢|提高|提升|加快)了?\s*(?:{NUMBER}\s*(?:倍|×|x\b)|`[rs]\d+`)")
MULTIPLE_FIX = "A 的速度是 B 的 N 倍"


def check_terms(segment: Segment, rules: list[TermRule]) -> list[Violation]:
    if segment.column in RULED_OUT_HEADERS:
        return []  # the glossary's own list of what not to write
    found = []
    for rule in rules:
        for i in rule.matches(segment.text):
            found.append(Violation(segment.where, window(segment, segment.text, i, i + len(rule.variant)),
                                   rule.term, f"term: not {rule.variant}"))
    for m in MULTIPLE.finditer(segment.text):
        found.append(Violation(segment.where, window(segment, segment.text, m.start(), m.end()),
                               MULTIPLE_FIX, "multiple: not 快/慢 N 倍"))
    return found


def terms(path: Path, text: str | None = None, rules: list[TermRule] | None = None) -> list[Violation]:
    rules = ruled_out() if rules is None else rules
    return [v for s in document_segments(path, text) for v in check_terms(s, rules)]


def terms_of(markdown: str, rules: list[TermRule] | None = None,
             where: str = "sample") -> list[Violation]:
    """The term check on a Markdown string (self-tests)."""
    rules = ruled_out() if rules is None else rules
    return [v for s in segments(markdown, where) for v in check_terms(s, rules)]


# --------------------------------------------------------------- report ---

def report(violations: list[Violation], limit: int = 40) -> str:
    counts = {}
    for v in violations:
        rule = v.rule.split(":")[0]
        counts[rule] = counts.get(rule, 0) + 1
    lines = [str(v) for v in violations[:limit]]
    if len(violations) > limit:
        lines.append(f"... and {len(violations) - limit} more")
    summary = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
    return f"{len(violations)} violations ({summary}):\n" + "\n".join(lines)
