"""MkDocs hook: numbers and figures measured at build time, in the pages.

Macros a page can use (each on one line; arguments are Python literals):
  {{ build_machine() }}                      table: the machine and versions
  {{ figure("io_waits", "Title") }}          a benchmark's figure and footer
  {{ value("cpu_python", "processes@2", "speedup") }}   one measured number:
      speedup (the median of the per-round speedups), speedup_min,
      speedup_max, efficiency, ideal_speedup, seconds_median, seconds_min,
      seconds_max or workers; multiples read "1.9×" in English, "1.9 倍" in Chinese
  {{ claim("cpu_python", "processes@2", "threads@2", "Sentence with {ratio}.") }}
      the sentence if the first variant was faster than the second on this
      build; otherwise a visible note with the numbers, and a loud message.
      {ratio} is the median over the rounds of (second's time / first's time)
      in the same round: "1.9×" on English pages, "1.9 倍" on Chinese ones.
      On a timeline, claim("timeline", "python_processes", "python_threads", "...")
      shows the sentence if both workers of the first scenario were busy at
      once for a larger share of the time than those of the second.
Benchmarks run (or come from the cache) once per build, in on_config.
"""

import ast
import json
import re
import statistics
import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import figures  # noqa: E402

TIMELINE_CONTRADICTION = {
    "en": ('!!! warning "Measured otherwise on this build"\n\n'
           '    This page expected the workers of {a} to be busy at the same time more '
           'than those of {b}. On this build both were busy at once for {a_share:.0%} of '
           'the time in {a} and {b_share:.0%} in {b}, so the sentence that belongs here '
           'is not shown. See the timeline.'),
    "zh": ('!!! warning "本次构建的测量结果与正文不符"\n\n'
           '    本页预期 {a} 中两个工作线程或进程同时忙碌的时间比 {b} 中多。但在本次构建中，'
           '{a} 中同时忙碌的时间占 {a_share:.0%}，{b} 中占 {b_share:.0%}，因此这里本应出现的'
           '那句话没有显示。测量数据见时间线。'),
}
MACRO = re.compile(r"\{\{\s*(build_machine|gpu_note|figure|value|claim)\((.*?)\)\s*\}\}")
results = None

MACHINE_LABELS = {
    "en": ["What", "This build", "CPU", "Logical cores (usable by this build)",
           "Operating system", "Python", "NumPy / PyTorch", "BLAS threads", "Built on"],
    "zh": ["项目", "本次构建", "CPU", "逻辑核心数（本次构建可用）", "操作系统", "Python",
           "NumPy / PyTorch", "BLAS 线程", "构建日期"],
}
PYTHON_BUILD = {"en": {"GIL": "with the GIL", "free-threaded": "free-threaded"},
                "zh": {"GIL": "带 GIL", "free-threaded": "自由线程"}}
CONTRADICTION = {
    "en": ('!!! warning "Measured otherwise on this build"\n\n'
           '    This page expected {a} to be faster than {b} ({bench}). On this build '
           '{a} took {a_s:.4f} s and {b} took {b_s:.4f} s (medians), and in the median '
           'round {a} ran at {ratio:.2f}× the speed of {b}, so the sentence that belongs '
           'here is not shown. See the figure for the measurements.'),
    "zh": ('!!! warning "本次构建的测量结果与正文不符"\n\n'
           '    本页预期 {a} 比 {b} 快（{bench}）。但在本次构建中，{a} 用时 {a_s:.4f} 秒，'
           '{b} 用时 {b_s:.4f} 秒（中位数），按各轮的中位数计，{a} 的速度只是 {b} 的 '
           '{ratio:.2f} 倍，因此这里本应出现的那句话没有显示。测量数据见图。'),
}


def on_config(config):
    global results
    results = figures.collect()
    return config


def find_row(benchmark, variant):
    """'processes@2' -> the row of variant 'processes' with 2 workers."""
    name, _, workers = variant.partition("@")
    rows = [r for r in results["benchmarks"][benchmark]["rows"] if r["variant"] == name
            and (not workers or r["workers"] == int(workers))]
    if len(rows) != 1:
        raise ValueError(f"{benchmark}: {variant!r} matches {len(rows)} variants")
    return rows[0]


def build_machine(language):
    facts = results["machine"]
    labels = MACHINE_LABELS[language]
    rows = [labels[:2], ["---", "---"], [labels[2], facts["cpu"]],
            [labels[3], f"{facts['logical_cores']} ({facts['usable_cores']})"],
            [labels[4], facts["os"]],
            [labels[5], f"{facts['python']} ({PYTHON_BUILD[language][facts['python_build']]})"],
            [labels[6], f"{facts['numpy']} / {facts['torch']}"],
            [labels[7], facts["blas_threads"]], [labels[8], facts["date"]]]
    return "\n".join(f"| {a} | {b} |" for a, b in rows)


GPU_NOTE = {
    "en": {
        False: ('!!! warning "This build ran no GPU code"\n\n'
                "    The machine that built this page has no CUDA GPU that PyTorch can use\n"
                "    (`torch.cuda.is_available()` was `False`). Every listing below chooses its\n"
                "    device and prints only what is the same on a CPU and on a GPU, so the suite\n"
                "    checks each one here on the CPU; **the CUDA branches of these listings did\n"
                "    not run on a GPU in this build.** The blocks marked \"Not run on this build\"\n"
                "    need CUDA; the suite checks that they fail here, and does nothing more with\n"
                "    them. The GPU benchmark on the [Benchmarks](benchmarks.md#gpu) page says\n"
                "    itself whether it was measured."),
        True: ('!!! note "This build ran the GPU paths"\n\n'
               "    The machine that built this page had a CUDA GPU ({device}): the listings\n"
               "    below ran their CUDA branches on it, and printed what they print on a CPU."),
    },
    "zh": {
        False: ('!!! warning "本次构建没有运行任何 GPU 代码"\n\n'
                "    构建本页的机器上没有 PyTorch 能用的 CUDA GPU（`torch.cuda.is_available()` 为 `False`）。"
                "下面每个代码清单都自己选择设备，只打印在 CPU 和 GPU 上都相同的内容，所以测试套件能在这里用 CPU "
                "检查每一个；**这些代码清单里的 CUDA 分支，本次构建并没有在 GPU 上运行过。** 标有“本次构建未运行”"
                "的代码块需要 CUDA；测试套件只检查它们在这里会失败，别的什么也没做。"
                "[基准测试](benchmarks.md#gpu)页上的 GPU 基准测试会自己说明有没有测量。"),
        True: ('!!! note "本次构建在 GPU 上运行了这些代码"\n\n'
               "    构建本页的机器有 CUDA GPU（{device}）：下面的代码清单在它上面走了 CUDA 分支，"
               "打印的内容和在 CPU 上一样。"),
    },
}


def gpu_note(language):
    """Whether this build ran the GPU chapter's CUDA paths, said by the build."""
    import torch
    if torch.cuda.is_available():
        return GPU_NOTE[language][True].format(device=torch.cuda.get_device_name(0))
    return GPU_NOTE[language][False]


def times(number, language, digits=".1f"):
    """A multiple: "1.9×" in English, "1.9 倍" in Chinese."""
    return f"{number:{digits}} 倍" if language == "zh" else f"{number:{digits}}×"


def timeline_value(benchmark, scenario, field):
    """A timeline's scenario: both_busy (a share of the time), seconds, chunk_seconds."""
    number = results["benchmarks"][benchmark]["scenarios"][scenario][field]
    if field == "both_busy":
        return f"{number:.0%}"
    if field == "chunk_seconds":
        return f"{number * 1e6:.0f} µs"
    if field == "seconds":
        return f"{number * 1000:.0f} ms"
    raise ValueError(f"unknown timeline field {field!r}")


def value(language, benchmark, variant, field):
    if results["benchmarks"][benchmark].get("kind") == "timeline":
        return timeline_value(benchmark, variant, field)
    number = find_row(benchmark, variant)[field]
    if field == "workers":
        return str(number)
    if field in ("speedup", "speedup_min", "speedup_max"):
        return times(number, language)
    if field == "ideal_speedup":
        return times(number, language, ".3g")
    if field == "efficiency":
        return f"{number:.0%}"
    if field.startswith("seconds"):
        return f"{number * 1000:.1f} ms" if number < 1 else f"{number:.2f} s"
    raise ValueError(f"unknown field {field!r}")


def per_round_ratio(a, b):
    """How many times faster a was than b: the median over the rounds of b's
    time / a's time in the same round."""
    return statistics.median(tb / ta for ta, tb in zip(a["seconds"], b["seconds"]))


def timeline_claim(language, benchmark, more, less, sentence, page=None):
    """The sentence if both workers were busy at once for a larger share of
    the time in scenario `more` than in `less` on this build; otherwise a note."""
    scenarios = results["benchmarks"][benchmark]["scenarios"]
    a, b = scenarios[more]["both_busy"], scenarios[less]["both_busy"]
    if a > b:
        return sentence
    print(f"\n!!! CONTRADICTION in {page}: {benchmark}: {more} did not overlap more than "
          f"{less} on this build ({a:.0%} vs {b:.0%}); the page shows a note instead of "
          "its sentence.\n", file=sys.stderr, flush=True)
    note = TIMELINE_CONTRADICTION[language].format(a=more, b=less, a_share=a, b_share=b)
    return f"\n\n{note}\n\n"


def claim(language, benchmark, faster, slower, sentence, page=None):
    if results["benchmarks"][benchmark].get("kind") == "timeline":
        return timeline_claim(language, benchmark, faster, slower, sentence, page)
    a, b = find_row(benchmark, faster), find_row(benchmark, slower)
    ratio = per_round_ratio(a, b)
    if ratio > 1:
        return sentence.format(ratio=times(ratio, language))
    print(f"\n!!! CONTRADICTION in {page}: {benchmark}: {faster} was not faster than "
          f"{slower} on this build ({a['seconds_median']:.4f} s vs {b['seconds_median']:.4f} s, "
          f"per-round ratio {ratio:.2f}); the page shows a note instead of its sentence.\n",
          file=sys.stderr, flush=True)
    note = CONTRADICTION[language].format(a=faster, b=slower, bench=benchmark, ratio=ratio,
                                          a_s=a["seconds_median"], b_s=b["seconds_median"])
    return f"\n\n{note}\n\n"  # a block of its own, even mid-paragraph


def expand(markdown, language, page_name=None):
    def replace(match):
        name, args = match.group(1), match.group(2).strip()
        args = ast.literal_eval(f"({args},)") if args else ()
        if name == "build_machine":
            return build_machine(language)
        if name == "gpu_note":
            return gpu_note(language)
        if name == "figure":
            return figures.figure_html(results, args[0], language, args[1])
        if name == "value":
            return value(language, *args)
        return claim(language, *args, page=page_name)
    return MACRO.sub(replace, markdown)


def on_page_markdown(markdown, page, config, files):
    return expand(markdown, config["theme"]["language"], page.file.src_uri)


def on_files(files, config):
    """Publish the results beside the Benchmarks page: benchmarks/results.json
    (the bar charts' records, and the timelines' lanes)."""
    content = json.dumps({"mode": results["mode"], "machine": results["machine"],
                          "records": figures.records(results),
                          "timelines": figures.timelines(results)}, indent=1, ensure_ascii=False)
    files.append(File.generated(config, "benchmarks/results.json", content=content))
    return files
