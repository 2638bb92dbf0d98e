"""The Verification page's tables: one row per listing, with what this build
and the suite did with it, and one row per original with the defect its test
proves (read from the suite itself: tests/test_originals*.py)."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r'-{1,}8<-{1,}\s+"((?:snippets|originals)/[^":]+)')
SUITE_METHODS = "fork, spawn, forkserver"

TEXT = {
    "en": {"head": "| Page | Listing | Start methods run | Runs | Status | Time at build |",
           "originals": "| Original | Shown on | What its test proves | Test |",
           "build": "build: {method}; suite: {suite}", "threads": "no processes",
           "own_way": "started by joblib (loky) or Ray, their own way",
           "runs": "build 1 · suite {suite}", "passed": "passed", "seconds": "{seconds:.2f} s",
           "summary": ("**{listings} listings** ran at build, {passed} passed, {failed} failed; "
                       "the suite runs them {suite_runs} times in all. **{originals} originals**, "
                       "with {proofs} tests proving their defects."),
           "skipped": ("**Not run on this build** ({count}): each of these blocks is shown on its "
                       "page under a note that says so. The suite runs each once anyway and "
                       "checks that it fails here; where a newer Python that it needs is "
                       "installed beside this one, the suite also runs it with that Python."),
           "skipped_row": "- `{name}`: {why}"},
    "zh": {"head": "| 页面 | 代码清单 | 启动方法 | 运行次数 | 状态 | 构建时耗时 |",
           "originals": "| 原文 | 所在页面 | 测试证明的问题 | 测试 |",
           "build": "构建：{method}；测试套件：{suite}", "threads": "不启动进程",
           "own_way": "由 joblib（loky）或 Ray 以自己的方式启动",
           "runs": "构建 1 次 · 测试套件 {suite} 次", "passed": "通过", "seconds": "{seconds:.2f} 秒",
           "summary": ("构建时运行了 **{listings} 个代码清单**，{passed} 个通过，{failed} 个失败；"
                       "测试套件共运行它们 {suite_runs} 次。**原文代码 {originals} 段**，"
                       "共有 {proofs} 个测试证明其中的问题。"),
           "skipped": ("**本次构建未运行**（{count} 个）：这些代码块在各自页面上都有一条说明注明这一点。"
                       "测试套件仍会把每个代码块运行一次，确认它在这里确实运行不了；如果本机另外装有它需要的"
                       "更新版本的 Python，测试套件还会用那个版本运行它。"),
           "skipped_row": "- `{name}`：{why}"},
}


def suite_runs(result: dict) -> int:
    """As tests/test_listings.py runs it: once per start method if it may
    start processes (else once), then a plain and a disturbed run."""
    return (3 if result["start_method"] not in (None, "own-way") else 1) + 2


def pages_showing(docs: Path) -> dict[str, list[tuple[str, str]]]:
    """Included file -> [(page title, page file)] for the pages of one language."""
    shown = {}
    for page in sorted(docs.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), page.stem)
        for included in dict.fromkeys(INCLUDE.findall(text)):
            shown.setdefault(included, []).append((title, page.name))
        shown[f"docs/{docs.name}/{page.name}"] = [(title, page.name)]  # its own blocks
    return shown


def defects():
    sys.path.insert(0, str(ROOT / "tests"))
    import originals
    return originals.defects()


def tables(results: dict, language: str, docs: Path) -> str:
    text, shown = TEXT[language], pages_showing(docs)
    links = lambda name: ", ".join(f"[{t}]({f})" for t, f in  # noqa: E731
                                   shown.get(name) or shown.get(name.split(":")[0], [])) or "—"
    rows, total = [text["head"], "|---|---|---|---|---|---|"], 0
    mine = {name: result for name, result in results.items()
            if name.startswith(("snippets/", f"docs/{language}/"))}
    for name, result in mine.items():
        total += suite_runs(result)
        methods = (text["own_way"] if result["start_method"] == "own-way"
                   else text["build"].format(method=result["start_method"], suite=SUITE_METHODS)
                   if result["start_method"] else text["threads"])
        rows.append(f"| {links(name)} | `{name}` | {methods} | "
                    f"{text['runs'].format(suite=suite_runs(result))} | {text['passed']} | "
                    f"{text['seconds'].format(**result)} |")
    found = defects()
    originals = [text["originals"], "|---|---|---|---|"] + [
        f"| `originals/{d['original']}` | {links('originals/' + d['original'])} | {d[language]} | "
        f"`{d['test']}` |" for d in found]
    summary = text["summary"].format(listings=len(mine), passed=len(mine), failed=0,
                                     suite_runs=total, originals=len({d["original"] for d in found}),
                                     proofs=len(found))
    return ("\n".join(rows) + "\n\n" + "\n".join(originals) + "\n\n" + summary + "\n"
            + not_run(language))


def not_run(language: str) -> str:
    """The blocks of this language's pages that this build skipped, with why."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "tools"))
    import conditions
    import pages
    skipped = [block for page in pages.sources(language) for block in pages.parse(page)[0]
               if block.kind == "run" and block.skipped_here]
    if not skipped:
        return ""
    text = TEXT[language]
    return "\n" + text["skipped"].format(count=len(skipped)) + "\n\n" + "\n".join(
        text["skipped_row"].format(name=block.name, why=conditions.why(block.skip_condition, language))
        for block in skipped) + "\n"
