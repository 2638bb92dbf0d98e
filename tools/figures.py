"""Run the benchmarks in snippets/benchmarks/ and turn their results into
figures (one SVG per benchmark and language) and results.json.

Results are cached in .cache/benchmarks/, keyed by the benchmark's source,
the timing helper, the mode and the machine's identity (tools/machine.py),
so rebuilding the site does not rerun them. Usage:
    python tools/figures.py [--force] [--mode tiny|quick|full]
The mode defaults to $BENCH_MODE, else quick.
"""

import argparse
import hashlib
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "snippets" / "benchmarks"
HELPER = BENCH_DIR / "timing.py"
CACHE = ROOT / ".cache" / "benchmarks"
MODES = ("tiny", "quick", "full")

TEXT = {
    "en": {
        "axis": "speedup over {baseline} (×, higher is better)",
        "legend": "bar: median of the per-round speedups · whisker: their min–max · dashed: ideal · ★ recommended",
        "row": "{variant}: {speedup:.2f}× the speed of {baseline}",
        "of_ideal": "{speedup:.2f}× of {ideal:.3g}× ({efficiency:.0%})",
        "no_ideal": "{speedup:.2f}×",
        "skipped": "Not measured on this build: {reason}.",
        "footer": ("Measured at build time on: {cpu}, {logical_cores} logical cores "
                   "({usable_cores} usable) · {os} · Python {python} ({python_build}) · "
                   "NumPy {numpy} · PyTorch {torch} · BLAS threads: {blas_threads} · "
                   "{thread_variables} · {mode} mode, {rounds} round-robin rounds after a warm-up · {date}"),
        "unset": "not set",
        "timeline": {
            "io_threads": "I/O waits, 2 threads", "python_threads": "pure Python, 2 threads",
            "python_processes": "pure Python, 2 processes",
            "numpy_threads": "NumPy (releases the GIL), 2 threads"},
        "lane": "#{number}",
        "timeline_legend": ("dark: running · light: waiting for I/O · "
                            "blank: not running (waiting for the GIL, or descheduled)"),
        "timeline_axis": "milliseconds since the workers started",
        "timeline_note": "both busy {both:.0%} of {ms:.0f} ms",
        "timeline_row": "{label}: both workers busy at once for {both:.0%} of the {ms:.0f} ms it took",
        "timeline_footer": ("Recorded at build time on: {cpu}, {logical_cores} logical cores "
                            "({usable_cores} usable) · {os} · Python {python} ({python_build}) · "
                            "NumPy {numpy} · {mode} mode, one run · switch interval {switch_ms:g} ms · "
                            "a chunk alone: {python_us:.0f} µs (Python), {numpy_us:.0f} µs (NumPy); "
                            "a chunk that took over {slow}× that is drawn blank · {date}"),
    },
    "zh": {
        "axis": "相对于 {baseline} 的加速比（×，越高越好）",
        "legend": "条形：各轮加速比的中位数 · 须线：各轮加速比的最小–最大值 · 虚线：理想值 · ★ 推荐做法",
        "row": "{variant}：速度是 {baseline} 的 {speedup:.2f} 倍",
        "of_ideal": "{speedup:.2f}×，理想 {ideal:.3g}×（{efficiency:.0%}）",
        "no_ideal": "{speedup:.2f}×",
        "skipped": "本次构建未测量：{reason}。",
        "footer": ("构建时测量于：{cpu}，{logical_cores} 个逻辑核心（可用 {usable_cores} 个）· "
                   "{os} · Python {python}（{python_build}）· NumPy {numpy} · PyTorch {torch} · "
                   "BLAS 线程：{blas_threads} · {thread_variables} · {mode} 模式，预热后轮流运行 "
                   "{rounds} 轮 · {date}"),
        "unset": "未设置",
        "timeline": {
            "io_threads": "I/O 等待，2 个线程", "python_threads": "纯 Python，2 个线程",
            "python_processes": "纯 Python，2 个进程",
            "numpy_threads": "NumPy（会释放 GIL），2 个线程"},
        "lane": "#{number}",
        "timeline_legend": "深色：正在运行 · 浅色：等待 I/O · 空白：没有运行（在等 GIL，或未被调度）",
        "timeline_axis": "从工作线程或进程开始算起的毫秒数",
        "timeline_note": "同时忙碌 {both:.0%}，共 {ms:.0f} 毫秒",
        "timeline_row": "{label}：共耗时 {ms:.0f} 毫秒，两个工作线程或进程同时忙碌的时间占 {both:.0%}",
        "timeline_footer": ("构建时记录于：{cpu}，{logical_cores} 个逻辑核心（可用 {usable_cores} 个）· "
                            "{os} · Python {python}（{python_build}）· NumPy {numpy} · {mode} 模式，运行一次 · "
                            "切换间隔 {switch_ms:g} 毫秒 · 单独运行一个小块：{python_us:.0f} 微秒（Python），"
                            "{numpy_us:.0f} 微秒（NumPy）；耗时超过其 {slow} 倍的小块画成空白 · {date}"),
    },
}


# --- running ---------------------------------------------------------------

def benchmark_files():
    return sorted(p for p in BENCH_DIR.glob("*.py") if p != HELPER)


def cache_key(path, mode, identity):
    digest = hashlib.sha256()
    for part in (path.read_bytes(), HELPER.read_bytes(), mode.encode(),
                 json.dumps(identity, sort_keys=True).encode()):
        digest.update(part)
    return digest.hexdigest()[:16]


def run_one(path, mode, identity, force=False):
    cached = CACHE / f"{path.stem}-{mode}-{cache_key(path, mode, identity)}.json"
    if cached.exists() and not force:
        print(f"    {path.stem}: cached", flush=True)
        return json.loads(cached.read_text(encoding="utf-8"))
    print(f"    {path.stem}: running ...", end="", flush=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        output = Path(workdir) / "result.json"
        env = dict(os.environ, BENCH_MODE=mode, BENCH_JSON=str(output))
        run = subprocess.run([sys.executable, str(path)], cwd=workdir, env=env,
                             capture_output=True, text=True, timeout=900)
        if run.returncode != 0 or not output.exists():
            print(" failed", flush=True)
            raise RuntimeError(f"benchmark {path.name} failed:\n{run.stdout}\n{run.stderr}")
        result = json.loads(output.read_text(encoding="utf-8"))
    result["seconds_to_run"] = round(time.perf_counter() - start, 2)
    print(f" {result['seconds_to_run']:.1f} s", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def collect(mode=None, force=False):
    """Every benchmark's results, from the cache where it is still valid."""
    mode = mode or os.environ.get("BENCH_MODE", "quick")
    if mode not in MODES:
        raise SystemExit(f"BENCH_MODE must be one of {MODES}, not {mode!r}")
    facts = machine.facts()
    identity = machine.identity(facts)
    print(f"==> Benchmarks ({mode} mode)", flush=True)
    start = time.perf_counter()
    benchmarks = {p.stem: run_one(p, mode, identity, force) for p in benchmark_files()}
    print(f"==> Benchmarks done in {time.perf_counter() - start:.1f} s", flush=True)
    return {"mode": mode, "machine": facts, "benchmarks": benchmarks}


def records(results):
    """results.json: one record per benchmark variant. `seconds` holds each
    round's time; `speedup` is the median of the per-round speedups (the
    baseline's time in a round / the variant's time in the same round), and
    `speedup_min`, `speedup_max` their spread."""
    return [
        {"benchmark": name, "variant": row["variant"], "workers": row["workers"],
         "seconds": row["seconds"], "seconds_median": row["seconds_median"],
         "seconds_min": row["seconds_min"], "seconds_max": row["seconds_max"],
         "rounds": row["rounds"], "speedup": row["speedup"],
         "speedup_min": row["speedup_min"], "speedup_max": row["speedup_max"],
         "ideal_speedup": row["ideal_speedup"],
         "efficiency": row["efficiency"], "recommended": row["recommended"],
         "baseline": row["baseline"], "mode": results["mode"],
         "source": f"snippets/benchmarks/{bench['source']}", "machine": results["machine"]}
        for name, bench in results["benchmarks"].items() for row in bench["rows"]
    ]


def timelines(results):
    """results.json: the raw lanes of each timeline, in seconds since the
    workers started: [start, end, "ran" or "waited"]."""
    return {name: {"source": f"snippets/benchmarks/{bench['source']}", "mode": results["mode"],
                   "switch_interval": bench["switch_interval"], "slow_factor": bench["slow_factor"],
                   "scenarios": bench["scenarios"]}
            for name, bench in results["benchmarks"].items() if bench.get("kind") == "timeline"}


# --- drawing ---------------------------------------------------------------

def row_label(row):
    workers = f" ×{row['workers']}" if row["workers"] > 1 else ""
    return ("★ " if row["recommended"] else "") + row["variant"] + workers


def nice_step(top):
    for step in (0.25, 0.5, 1, 2, 5, 10, 20, 50, 100):
        if top / step <= 8:
            return step
    return 200


def grid(x, top, step, y_top, y_bottom, label_gap):
    """Vertical grid lines from 0 to top, every step, each labelled below the chart."""
    lines, tick = [], 0.0
    while tick <= top:
        lines.append(f'<line class="grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{y_top}" '
                     f'y2="{y_bottom}"/><text class="tick" x="{x(tick):.1f}" '
                     f'y="{y_bottom + label_gap}">{tick:g}</text>')
        tick += step
    return lines


def svg(bench, language, title):
    """A horizontal bar chart of speedups, with spread, ideal and the
    recommended variant marked. Text stays text, coloured by the page's CSS."""
    text = TEXT[language]
    rows = bench["rows"]
    baseline = next(r for r in rows if r["baseline"])
    top = max([r["ideal_speedup"] or 0 for r in rows] + [r["speedup_max"] for r in rows]) * 1.05
    # Room for the longest label (12px text: about 7px a character).
    left = max(250, 16 + 7 * max(len(row_label(r)) for r in rows))
    width, right, row_h, head = 330, 150, 30, 40
    height = head + row_h * len(rows) + 50
    x = lambda value: left + width * value / top  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + right} {height}" '
             f'role="img" aria-labelledby="{bench["benchmark"]}-{language}-t {bench["benchmark"]}-{language}-d">',
             f'<title id="{bench["benchmark"]}-{language}-t">{html.escape(title)}</title>',
             f'<desc id="{bench["benchmark"]}-{language}-d">' + html.escape("; ".join(
                 text["row"].format(variant=row_label(r), speedup=r["speedup"],
                                    baseline=baseline["variant"]) for r in rows)) + "</desc>",
             f'<text class="legend" x="8" y="16">{html.escape(text["legend"])}</text>']
    parts += grid(x, top, nice_step(top), head - 8, head + row_h * len(rows), 16)
    parts.append(f'<line class="one" x1="{x(1):.1f}" x2="{x(1):.1f}" y1="{head - 8}" y2="{head + row_h * len(rows)}"/>')
    for i, r in enumerate(rows):
        y = head + i * row_h
        kind = "bar recommended" if r["recommended"] else "bar"
        parts.append(f'<text class="label{" recommended" if r["recommended"] else ""}" x="{left - 8}" '
                     f'y="{y + 15}">{html.escape(row_label(r))}</text>')
        if r["ideal_speedup"]:
            parts.append(f'<rect class="ideal" x="{left}" y="{y + 2}" width="{x(r["ideal_speedup"]) - left:.1f}" height="{row_h - 10}"/>')
        parts.append(f'<rect class="{kind}" x="{left}" y="{y + 5}" width="{max(x(r["speedup"]) - left, 1):.1f}" height="{row_h - 16}"/>')
        parts.append(f'<line class="spread" x1="{x(r["speedup_min"]):.1f}" x2="{x(r["speedup_max"]):.1f}" '
                     f'y1="{y + 11}" y2="{y + 11}"/>')
        note = (text["of_ideal"].format(speedup=r["speedup"], ideal=r["ideal_speedup"], efficiency=r["efficiency"])
                if r["ideal_speedup"] else text["no_ideal"].format(speedup=r["speedup"]))
        parts.append(f'<text class="value" x="{left + width + 8}" y="{y + 15}">{html.escape(note)}</text>')
    parts.append(f'<text class="axis" x="{left + width / 2}" y="{height - 8}">'
                 f'{html.escape(text["axis"].format(baseline=baseline["variant"]))}</text></svg>')
    return "".join(parts)


def timeline_svg(bench, language, title):
    """One panel per scenario, one lane per worker: dark where the worker ran,
    light where it waited for I/O, blank where it was not running. All panels
    share one time axis, so a scenario that took longer is drawn longer."""
    text = TEXT[language]
    scenarios = bench["scenarios"]
    name = f'{bench["benchmark"]}-{language}'
    left, width, right, lane_h, panel_gap, head = 250, 500, 170, 14, 12, 30
    panel_h = lane_h * 2 + panel_gap
    height = head + panel_h * len(scenarios) + 32
    top_ms = max(s["seconds"] for s in scenarios.values()) * 1000 * 1.02
    x = lambda seconds: left + width * seconds * 1000 / top_ms  # noqa: E731
    label = lambda key: text["timeline"].get(key, key)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + right} {height}" '
             f'role="img" aria-labelledby="{name}-t {name}-d">',
             f'<title id="{name}-t">{html.escape(title)}</title>',
             f'<desc id="{name}-d">' + html.escape("; ".join(
                 text["timeline_row"].format(label=label(key), both=s["both_busy"], ms=s["seconds"] * 1000)
                 for key, s in scenarios.items())) + "</desc>",
             f'<text class="legend" x="8" y="16">{html.escape(text["timeline_legend"])}</text>']
    bottom = head + panel_h * len(scenarios) - panel_gap
    step = nice_step(top_ms / 10) * 10 if top_ms > 80 else nice_step(top_ms)
    parts += grid(lambda ms: x(ms / 1000), top_ms, step, head - 4, bottom, 14)
    for i, (key, scenario) in enumerate(scenarios.items()):
        y = head + i * panel_h
        parts.append(f'<text class="label" x="{left - 30}" y="{y + lane_h + 4}">{html.escape(label(key))}</text>')
        note = text["timeline_note"].format(both=scenario["both_busy"], ms=scenario["seconds"] * 1000)
        parts.append(f'<text class="value" x="{left + width + 8}" y="{y + lane_h + 4}">{html.escape(note)}</text>')
        for number, lane in enumerate(scenario["lanes"], 1):
            lane_y = y + (number - 1) * lane_h
            parts.append(f'<text class="lane" x="{left - 6}" y="{lane_y + lane_h - 3}">'
                         f'{html.escape(text["lane"].format(number=number))}</text>')
            parts.append(f'<rect class="lane-bg" x="{left}" y="{lane_y + 1}" '
                         f'width="{x(scenario["seconds"]) - left:.1f}" height="{lane_h - 2}"/>')
            for start, end, kind in lane:
                parts.append(f'<rect class="{kind}" x="{x(start):.2f}" y="{lane_y + 1}" '
                             f'width="{max(x(end) - x(start), 0.4):.2f}" height="{lane_h - 2}"/>')
    parts.append(f'<text class="axis" x="{left + width / 2}" y="{height - 6}">'
                 f'{html.escape(text["timeline_axis"])}</text></svg>')
    return "".join(parts)


def footer(results, bench, language):
    text = TEXT[language]
    if bench.get("kind") == "timeline":
        chunk = {key: s["chunk_seconds"] * 1e6 for key, s in bench["scenarios"].items()}
        return text["timeline_footer"].format(
            mode=results["mode"], switch_ms=bench["switch_interval"] * 1000,
            python_us=chunk["python_threads"], numpy_us=chunk["numpy_threads"],
            slow=bench["slow_factor"], **results["machine"])
    facts = dict(results["machine"])
    facts["thread_variables"] = ", ".join(f"{k}={v or text['unset']}"
                                          for k, v in facts["thread_variables"].items())
    rounds = bench["rows"][0]["rounds"] if bench["rows"] else 0
    return text["footer"].format(mode=results["mode"], rounds=rounds, **facts)


def figure_html(results, name, language, title):
    """The figure as a page shows it: chart, or a note, and the footer."""
    bench = results["benchmarks"][name]
    if bench.get("skipped"):
        body = f'<p class="bench-skipped">{html.escape(TEXT[language]["skipped"].format(reason=bench["skipped"]))}</p>'
    elif bench.get("kind") == "timeline":
        body = timeline_svg(bench, language, title)
    else:
        body = svg(bench, language, title)
    return (f'<figure class="bench-figure" id="figure-{name}">{body}'
            f'<figcaption><strong>{html.escape(title)}</strong><br>'
            f'<span class="bench-provenance">{html.escape(footer(results, bench, language))}</span>'
            f'</figcaption></figure>')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="rerun every benchmark, ignoring the cache")
    parser.add_argument("--mode", choices=MODES)
    args = parser.parse_args()
    collect(args.mode, args.force)


if __name__ == "__main__":
    main()
