"""MkDocs hook: a block the build skipped says so on the page.

A block marked <!-- pytest.mark.skipif(CONDITION, reason="...") --> is not
run where CONDITION holds (tools/conditions.py lists the only conditions
allowed). Where it holds on the machine that builds the site, a 'not-run'
note goes right before the block, saying why this build did not run it.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import conditions  # noqa: E402

SKIPIF = re.compile(r"^(\s*)<!--\s*pytest\.mark\.skipif\((.+?),\s*reason=.*-->\s*$")
TITLE = {"en": "Not run on this build", "zh": "本次构建未运行"}
BODY = {"en": "The suite skipped the block below: {why}.",
        "zh": "测试套件跳过了下面的代码块：{why}。"}


def note(language, indent, condition):
    why = conditions.why(condition, language)
    return (f'{indent}!!! not-run "{TITLE[language]}"\n\n'
            f"{indent}    {BODY[language].format(why=why)}\n")


def on_page_markdown(markdown, page, config, files):
    language = config["theme"]["language"]
    lines = []
    for line in markdown.splitlines(keepends=True):
        lines.append(line)
        m = SKIPIF.match(line)
        if m and m.group(2) in conditions.CONDITIONS and conditions.holds(m.group(2)):
            lines.append("\n" + note(language, m.group(1), m.group(2)) + "\n")
    return "".join(lines)
