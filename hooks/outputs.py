"""MkDocs hook: each listing's real output, and a stamp saying what was checked.

The build runs every listing (tools/listings.py, cached). Where a page
includes `snippets/X.out`, it shows what X.py printed on this build instead
of the expected-output pattern, so no `<float>` reaches a page. Under each
listing (under its output, if the page shows it), a one-line stamp says
what this build did with it, and what the suite adds. `{{ verification() }}`
puts the Verification page's tables (tools/verification.py).
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import listings  # noqa: E402
import verification  # noqa: E402

INCLUDE = re.compile(r'^(\s*)-{1,}8<-{1,}\s+"(snippets/[^":]+)(?::[\w-]+)?"\s*$')
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
results = {}

STAMP = {
    "en": {"ran": "Ran at build: exit {returncode}", "output": "output as expected",
           "method": "start method {method}", "mode": "BENCH_MODE={mode}",
           "own_way": "its processes started by joblib (loky) or Ray, their own way",
           "seconds": "{seconds:.2f} s",
           "suite": "the suite also runs it under fork, spawn and forkserver, and with scheduling disturbed",
           "suite_threads": "the suite also runs it with scheduling disturbed"},
    "zh": {"ran": "构建时已运行：退出状态 {returncode}", "output": "输出符合预期",
           "method": "启动方法 {method}", "mode": "BENCH_MODE={mode}",
           "own_way": "其进程由 joblib（loky）或 Ray 以自己的方式启动",
           "seconds": "{seconds:.2f} 秒",
           "suite": "测试套件另在 fork、spawn、forkserver 下运行，并在打乱线程调度后再运行一次",
           "suite_threads": "测试套件另在打乱线程调度后再运行一次"},
}


def on_config(config):
    global results
    results = listings.collect()
    return config


def stamp(listing: str, language: str) -> str:
    result, text = results[listing], STAMP[language]
    parts = [text["ran"].format(**result), text["output"]]
    own_way = result["start_method"] == "own-way"
    if result["start_method"]:
        parts.append(text["own_way"] if own_way else text["method"].format(method=result["start_method"]))
    if result["bench_mode"]:
        parts.append(text["mode"].format(mode=result["bench_mode"]))
    parts += [f"Python {result['python']}", text["seconds"].format(**result),
              text["suite" if result["start_method"] and not own_way else "suite_threads"]]
    return " · ".join(parts)


def fences(lines: list[str]):
    """(first line, last line, included snippet or None) of each fence."""
    opening = None
    for number, line in enumerate(lines):
        m = FENCE.match(line)
        if opening is None and m:
            opening, included = (number, m.group(2)), None
        elif opening is not None:
            if m and m.group(2).startswith(opening[1][:3]) and len(m.group(2)) >= len(opening[1]) \
                    and not line[m.end():].strip():
                yield opening[0], number, included
                opening = None
            elif (inc := INCLUDE.match(line)):
                included = inc.group(2)


PRINTED = re.compile(r'\{\{\s*printed\("([^"]+)",\s*(\d+)\)\s*\}\}')


def printed(listing: str, number: int) -> str:
    """What the number-th placeholder of the listing's .out stood for on
    this build: prose quotes a printed value this way, never by hand."""
    expected = (listings.ROOT / listing).with_suffix(".out").read_text(encoding="utf-8")
    values = listings.placeholder_values(expected, results[listing]["stdout"])
    return values[number - 1]


def body(lines: list[str], first: int, last: int) -> str:
    indent = len(lines[first]) - len(lines[first].lstrip())
    return "".join(line[indent:] + "\n" for line in lines[first + 1:last])


def block_stamps(lines, blocks, page) -> dict:
    """Where the stamps of the blocks written into this page go: under the
    block, or under its expected output."""
    stamps, taken = {}, set()
    source = Path(page.file.abs_src_path) if page is not None else None
    named = [b for b in listings.page_blocks() if b.page == source and b.name in results]
    for block in named:
        wanted = [block.parts[-1]] + ([block.expected_output] if block.expected_output else [])
        for i, (first, last, _) in enumerate(blocks):
            if i in taken or body(lines, first, last) != wanted[0]:
                continue
            end = blocks[i + 1] if len(wanted) > 1 and i + 1 < len(blocks) else None
            if end and body(lines, end[0], end[1]) == wanted[1]:
                taken.add(i + 1)
                last = end[1]
            taken.add(i)
            stamps[last] = (re.match(r"\s*", lines[first]).group(), block.name)
            break
    return stamps


def on_page_markdown(markdown, page, config, files):
    language = config["theme"]["language"]
    markdown = PRINTED.sub(lambda m: printed(m.group(1), int(m.group(2))), markdown)
    if "{{ verification() }}" in markdown:
        markdown = markdown.replace("{{ verification() }}", verification.tables(
            results, language, Path(config["docs_dir"])))
    lines = markdown.split("\n")
    blocks = list(fences(lines))
    stamps = block_stamps(lines, blocks, page)  # line after which a stamp goes -> (indent, listing)
    for i, (first, last, included) in enumerate(blocks):
        if not included or (included not in results and not included.endswith(".out")):
            continue
        listing = included.removesuffix(".out") + ".py" if included.endswith(".out") else included
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if included.endswith(".py") and after and after[2] == included.removesuffix(".py") + ".out":
            continue  # the stamp goes under the output
        indent = re.match(r"\s*", lines[first]).group()
        stamps[last] = (indent, listing)
    shown = []
    for number, line in enumerate(lines):
        m = INCLUDE.match(line)
        if m and m.group(2).endswith(".out"):
            output = results[m.group(2).removesuffix(".out") + ".py"]["stdout"]
            shown.extend(m.group(1) + out for out in output.rstrip("\n").split("\n"))
        else:
            shown.append(line)
        if number in stamps:
            indent, listing = stamps[number]
            shown += ["", f"{indent}{stamp(listing, language)}", f"{indent}{{: .listing-stamp }}", ""]
    return "\n".join(shown)
