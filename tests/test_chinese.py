"""Chinese that reads as written in Chinese (tests/chinese.py): typography
and terms on every zh page, zh notebook and README.zh-CN.md, and self-tests
showing that each check fails on a bad sample."""

import json
import logging
import re

import autocorrect_py
import pytest

import chinese
from chinese import ROOT

DOCUMENTS = {chinese.display(path): path for path in chinese.documents()}


# ------------------------------------------------------------ the pages ---

@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_chinese_typography(document):
    violations = chinese.typography(DOCUMENTS[document])
    if violations:
        pytest.fail(f"{document}: half-width punctuation or spacing in Chinese prose "
                    "(write ，：；（）！？ in Chinese, and a space between Chinese and "
                    "Latin words; see .autocorrectrc and tests/chinese.py). "
                    + chinese.report(violations), pytrace=False)


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_chinese_terms(document):
    violations = chinese.terms(DOCUMENTS[document])
    if violations:
        pytest.fail(f"{document}: a term the glossary rules out (docs/zh/glossary.md, "
                    "column 不用), or 快/慢 N 倍. " + chinese.report(violations),
                    pytrace=False)


def test_scope_covers_pages_notebooks_and_readme():
    names = set(DOCUMENTS)
    assert {"docs/zh/index.md", "docs/zh/glossary.md", "README.zh-CN.md"} <= names
    assert any(name.startswith("examples/zh/") and name.endswith(".ipynb") for name in names)
    assert all((ROOT / name).is_file() for name in names)


# ------------------------------------------------- typography self-tests ---

def rules_of(violations):
    return [v.rule for v in violations]


def test_halfwidth_comma_after_chinese_fails():
    found = chinese.typography_of("线程共享内存,进程不共享。")
    assert len(found) == 1 and found[0].rule == "autocorrect"
    assert "内存，进程" in found[0].new and "内存,进程" in found[0].old


def test_missing_space_between_chinese_and_python_fails():
    found = chinese.typography_of("用中文Python写代码")
    assert rules_of(found) == ["autocorrect", "autocorrect"]
    assert "中文 Python" in found[0].new and "Python 写" in found[1].new
    assert not chinese.typography_of("用中文 Python 写代码")


def test_halfwidth_bracket_fails_and_autocorrect_alone_would_miss_it():
    sample = "全局解释器锁(GIL)保证同一时刻只有一个线程执行字节码。"
    # With space-bracket off (.autocorrectrc), autocorrect leaves brackets alone...
    assert autocorrect_py.format(sample) == sample
    # ...and the project's rule asks for full-width brackets, both of them.
    found = chinese.typography_of(sample)
    assert rules_of(found) == ["punctuation", "punctuation"]
    assert found[0].new.startswith("全局解释器锁（GIL")
    assert "(GIL）保证" in found[1].new


@pytest.mark.parametrize("sample", [
    "线程;进程",  # autocorrect never converts ;
    "等待 I/O:网络",  # : after Latin, before Chinese
    "**I/O 密集型任务**(读文件)",  # emphasis between bracket and Chinese
    "锁 (GIL) 是",  # what space-bracket would have asked for
    "原文 — “Threading in Python”(ApX Machine Learning)",  # after a Chinese quote
])
def test_project_rule_catches_what_autocorrect_leaves(sample):
    assert "punctuation" in rules_of(chinese.typography_of(sample)), sample


def test_good_chinese_passes():
    good = ("CPython 中有一把全局解释器锁（GIL），它保证同一时刻只有一个线程执行 "
            "Python 字节码；等待 I/O 时，线程会让出 GIL。调用 `join()` 之后再打印结果！"
            "这样做对吗？对：见[线程](threads.md)一章。")
    assert chinese.typography_of(good) == []


def test_what_is_not_prose_is_skipped():
    page = "\n".join([
        "```python",
        "x = f(a,b)  # 中文,不查",
        "```",
        "",
        '!!! excerpt "节选 — 训练循环"',
        "",
        "    ```python",
        '    --8<-- "snippets/threads/start_join.py"',
        "    ```",
        "",
        "调用 `print(中文,1)` 之后，看[文档](https://docs.python.org/zh-cn/3/a,b(c).html)。",
        '{{ value("cpu_python", "processes@2", "speedup") }}',
        "<!-- 注释,不查 -->",
        "这是《Python多进程与多线程在AI中的应用:提升计算效率的高级策略》中的例子。",
    ])
    assert chinese.typography_of(page) == []


@pytest.mark.parametrize("sample", [
    '!!! original "原文 — 《某书》(第 3 节)"',  # admonition title
    '=== "map:按输入顺序返回结果"',  # tab title
    '```text title="输出(<float> 为实测时间)"\n--8<-- "x.out"\n```',  # code block title
    "| 用什么 |\n|---|\n| 进程(或自由线程构建版) |",  # table cell
    '{{ figure("io_waits", "重叠等待:线程对比进程") }}',  # translated macro argument
    '{{ claim("a", "b", "c", "在这里,它的速度是 B 的 {ratio}。") }}',
    "```mermaid\nflowchart TD\n    io[等待 I/O:<br/>网络、磁盘]\n```",  # diagram label
    "在构建本页的机器上,{{ value(\"io_waits\", \"threads\", \"workers\") }} 次等待",
])
def test_prose_in_titles_tables_macros_and_diagrams_is_checked(sample):
    assert chinese.typography_of(sample), sample


def test_notebook_markdown_cells_are_checked_and_code_cells_are_not(tmp_path):
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# 标题\n", "\n", "中文,中文"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["print('中文,中文')"]},
    ]}), encoding="utf-8")
    found = chinese.typography(notebook)
    assert len(found) == 1 and found[0].where.endswith("x.ipynb#cell1:3"), found


def test_report_caps_the_list_and_counts():
    found = chinese.typography_of("\n".join(["中文,中文"] * 50))
    text = chinese.report(found, limit=5)
    assert text.startswith("50 violations (autocorrect 50)")
    assert "... and 45 more" in text and text.count("->") == 5


# ------------------------------------------------------ terms self-tests ---

@pytest.mark.parametrize("sample, variant", [
    ("加速比等于串行版本的耗时除以并发版本的耗时。", "串行"),
    ("10 次等待逐个进行。", "逐个"),
    ("如果顺序执行的基准恰好被拖慢。", "基准"),
    ("并发数为 2 时，进程更快。", "并发数"),
    ("每个工作者处理一个批次。", "工作者"),
    ("或者用自由线程构建的 Python。", "自由线程构建"),
    ("从固定内存拷贝数据。", "固定内存"),
])
def test_ruled_out_variant_fails(sample, variant):
    found = chinese.terms_of(sample)
    assert [v.rule for v in found] == [f"term: not {variant}"], found


@pytest.mark.parametrize("sample", [
    "进程比线程快 1.9 倍。",
    "这样做慢了 2 倍。",
    "速度提高了一倍。",
    '{{ claim("a", "b", "c", "进程比线程快 {ratio}。") }}',
    '线程比顺序执行快 {{ value("io_waits", "threads", "speedup") }}。',
])
def test_faster_by_n_times_fails(sample):
    assert [v.rule for v in chinese.terms_of(sample)] == ["multiple: not 快/慢 N 倍"], sample


def test_agreed_terms_pass():
    good = ("顺序执行的代码是基线；基准测试比较几种做法。自由线程构建版 Python 没有 GIL。"
            "工作线程数为 2 时，线程的速度是顺序执行的 1.9 倍。"
            '{{ claim("a", "b", "c", "进程的速度是线程的 {ratio}。") }}'
            "用 `逐个()` 函数；《串行通信手册》是书名。")
    assert chinese.terms_of(good) == []


def test_the_glossary_ruled_out_column_is_not_itself_a_violation():
    table = "| 中文 | 含义 | 不用 |\n|---|---|---|\n| 顺序执行 | 一项接一项 | 串行、逐个 |"
    assert chinese.terms_of(table) == []
    table = "| 中文 | 含义 | 不用 |\n|---|---|---|\n| 顺序执行 | 串行 | 逐个 |"
    assert [v.rule for v in chinese.terms_of(table)] == ["term: not 串行"]


def test_ruled_out_variants_are_read_from_the_glossary():
    rules = {(r.variant, r.exceptions, r.term) for r in chinese.ruled_out()}
    assert {("串行", (), "顺序执行"), ("逐个", (), "顺序执行"),
            ("基准", ("基准测试",), "基线"),
            ("工作者", (), "工作线程 / 工作进程"), ("并发数", (), "工作线程 / 工作进程"),
            ("自由线程构建", ("自由线程构建版",), "自由线程构建版"),
            ("固定内存", (), "锁页内存")} <= rules


def test_glossary_notation_is_parsed():
    assert chinese.parse_ruled_out("串行、逐个") == [("串行", ()), ("逐个", ())]
    assert chinese.parse_ruled_out("基准（“基准测试”除外）") == [("基准", ("基准测试",))]
    assert chinese.parse_ruled_out("") == []
    with pytest.raises(ValueError):
        chinese.parse_ruled_out("基准（“测试”除外）")  # an exception must contain the word


def test_both_glossaries_rule_out_the_same_variants():
    def ruled(path):
        return {row[chinese.TERM_HEADER]: chinese.parse_ruled_out(
            next(row[h] for h in chinese.RULED_OUT_HEADERS if h in row))
            for row in chinese.glossary_table(path)}
    assert ruled(chinese.EN_GLOSSARY) == ruled(chinese.GLOSSARY)


def test_glossary_terms_stay_whole_in_chinese_search():
    import jieba

    jieba.setLogLevel(logging.ERROR)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(chinese.JIEBA_TERMS))
    split = []
    for row in chinese.glossary_table(chinese.GLOSSARY):
        for term in re.findall(r"[\u4e00-\u9fff]{3,}", row[chinese.TERM_HEADER]):
            if list(tokenizer.cut(term)) != [term]:
                split.append(f"{term}: {' / '.join(tokenizer.cut(term))}")
    assert not split, "add these to docs/jieba_terms.txt:\n" + "\n".join(split)
