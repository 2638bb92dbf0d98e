"""The figure pipeline on tiny sizes: results are well-formed, figures
render in both languages with the same numbers, the cache hits and misses
when it should, and a measured contradiction is flagged. No speed
thresholds: these machines are shared and noisy."""

import json
import re
import statistics
import sys

import pytest
from bs4 import BeautifulSoup

from runner import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "hooks"))
import figures  # noqa: E402
import macros  # noqa: E402

FIELDS = {"benchmark": str, "variant": str, "workers": int, "seconds": list,
          "seconds_median": float, "seconds_min": float, "seconds_max": float,
          "rounds": int, "speedup": float, "speedup_min": float, "speedup_max": float,
          "recommended": bool, "source": str, "machine": dict}


def fake_results(threads_seconds=0.1, processes_seconds=0.05):
    """Three rounds; in the second, the machine was busy and every variant
    ran slower. Medians: 0.2 s, threads_seconds and processes_seconds."""
    rows = [
        {"variant": "sequential", "workers": 1, "baseline": True, "recommended": False,
         "ideal_speedup": 1, "seconds": [0.19, 0.25, 0.2]},
        {"variant": "threads", "workers": 2, "baseline": False, "recommended": False,
         "ideal_speedup": 2, "seconds": [threads_seconds, threads_seconds * 1.2, threads_seconds]},
        {"variant": "processes", "workers": 2, "baseline": False, "recommended": True,
         "ideal_speedup": 2,
         "seconds": [processes_seconds * 0.9, processes_seconds * 1.25, processes_seconds]},
    ]
    base = rows[0]["seconds"]
    for row in rows:
        speedups = [b / s for b, s in zip(base, row["seconds"])]
        row.update(rounds=3, seconds_median=statistics.median(row["seconds"]),
                   seconds_min=min(row["seconds"]), seconds_max=max(row["seconds"]),
                   speedup=statistics.median(speedups), speedup_min=min(speedups),
                   speedup_max=max(speedups))
        row["efficiency"] = row["speedup"] / row["ideal_speedup"]
    machine = {"cpu": "Test CPU", "logical_cores": 2, "usable_cores": 2, "os": "Linux",
               "python": "3.11.7", "python_build": "GIL", "numpy": "2.4.6",
               "torch": "2.13.0+cpu", "blas_threads": "openblas: 2",
               "thread_variables": {"OMP_NUM_THREADS": None}, "date": "2026-11-21"}
    return {"mode": "tiny", "machine": machine, "benchmarks": {
        "cpu": {"benchmark": "cpu", "description": "d", "mode": "tiny", "source": "cpu.py",
                "rows": rows, "skipped": None}}}


def test_results_json_is_published_and_well_formed(site):
    data = json.loads((site / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    records = data["records"]
    names = {p.stem for p in figures.benchmark_files()} - set(data["timelines"])
    measured = {r["benchmark"] for r in records}
    assert measured <= names and len(measured) >= len(names) - 1  # gpu_overlap may be skipped
    for record in records:
        for field, kind in FIELDS.items():
            assert isinstance(record[field], kind), (field, record)
        assert len(record["seconds"]) == record["rounds"]
        assert record["seconds_min"] <= record["seconds_median"] <= record["seconds_max"]
        assert record["speedup_min"] <= record["speedup"] <= record["speedup_max"]
        assert (ROOT / record["source"]).is_file()
        if record["ideal_speedup"]:
            assert record["efficiency"] == pytest.approx(record["speedup"] / record["ideal_speedup"])
    for name in measured:
        rows = [r for r in records if r["benchmark"] == name]
        base = next(r for r in rows if r["baseline"])
        assert base["speedup"] == pytest.approx(1.0)
        assert any(r["recommended"] for r in rows), f"{name}: no recommended variant"
        for row in rows:  # the median of the per-round speedups
            assert row["speedup"] == pytest.approx(statistics.median(
                b / s for b, s in zip(base["seconds"], row["seconds"])))


def figure_numbers(html_path):
    page = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    return {f["id"]: [re.findall(r"[\d.]+", t.get_text()) for t in f.select("text.value")]
            for f in page.select("figure.bench-figure")}


def test_figures_render_in_both_languages_with_the_same_numbers(site):
    en = figure_numbers(site / "benchmarks" / "index.html")
    zh = figure_numbers(site / "zh" / "benchmarks" / "index.html")
    assert set(en) == {f"figure-{p.stem}" for p in figures.benchmark_files()}
    assert en == zh
    zh_page = (site / "zh" / "benchmarks" / "index.html").read_text(encoding="utf-8")
    assert "构建时测量于" in zh_page and "加速比" in zh_page
    for page in (site / "benchmarks" / "index.html", site / "zh" / "benchmarks" / "index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for svg in soup.select("figure.bench-figure svg"):
            assert svg.get("role") == "img" and svg.find("title").get_text().strip()


def test_no_macro_is_left_unexpanded(site):
    for page in site.rglob("*.html"):
        assert "{{" not in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(), page


def test_figure_shows_ideal_spread_recommended_and_provenance():
    html = figures.figure_html(fake_results(), "cpu", "en", "Title")
    for part in ('class="ideal"', 'class="spread"', 'class="bar recommended"', "★ processes ×2",
                 "Test CPU", "2 logical cores (2 usable)", "Python 3.11.7 (GIL)", "NumPy 2.4.6",
                 "PyTorch 2.13.0+cpu", "BLAS threads: openblas: 2", "OMP_NUM_THREADS=not set",
                 "tiny mode", "3 round-robin rounds", "2026-11-21", "4.00× of 2× (200%)"):
        assert part in html, part
    zh = figures.figure_html(fake_results(), "cpu", "zh", "标题")
    assert "构建时测量于" in zh and "加速比" in zh and "轮流运行 3 轮" in zh


def test_whiskers_are_the_spread_of_the_per_round_speedups():
    results = fake_results()
    rows = results["benchmarks"]["cpu"]["rows"]
    # threads: 1.9, 2.083 and 2.0 in the three rounds. From the min-max of the
    # seconds instead, the whisker would run from 0.19 / 0.12 to 0.25 / 0.1.
    assert [round(rows[1][k], 3) for k in ("speedup_min", "speedup", "speedup_max")] \
        == [1.9, 2.0, 2.083]
    html = figures.figure_html(results, "cpu", "en", "Title")
    spreads = [(float(a), float(b)) for a, b in
               re.findall(r'class="spread" x1="([\d.]+)" x2="([\d.]+)"', html)]
    assert spreads[0][0] == spreads[0][1]  # the baseline against itself: always 1
    widths = [b - a for a, b in spreads]
    assert widths[1] / widths[2] == pytest.approx(
        (rows[1]["speedup_max"] - rows[1]["speedup_min"])
        / (rows[2]["speedup_max"] - rows[2]["speedup_min"]), rel=0.02)


def test_a_contradiction_is_flagged(capsys):
    macros.results = fake_results(threads_seconds=0.05, processes_seconds=0.1)
    shown = macros.claim("en", "cpu", "processes@2", "threads@2", "Processes won by {ratio}.")
    assert "Processes won" not in shown and "Measured otherwise" in shown
    assert "CONTRADICTION" in capsys.readouterr().err
    macros.results = fake_results(threads_seconds=0.1, processes_seconds=0.05)
    assert macros.claim("en", "cpu", "processes@2", "threads@2", "Processes won by {ratio}.") \
        == "Processes won by 2.0×."
    assert macros.claim("zh", "cpu", "processes@2", "threads@2", "进程的速度是线程的 {ratio}。") \
        == "进程的速度是线程的 2.0 倍。"
    assert "CONTRADICTION" not in capsys.readouterr().err


def test_claims_and_values_use_the_per_round_ratios():
    macros.results = fake_results(threads_seconds=0.1, processes_seconds=0.05)
    rows = macros.results["benchmarks"]["cpu"]["rows"]
    # Make the medians of the seconds say 2.5x while every round says 1.5x.
    rows[0]["seconds"] = [0.15, 0.30, 0.60]
    rows[2]["seconds"] = [0.10, 0.20, 0.40]
    rows[2]["seconds_median"] = 0.08
    assert macros.claim("en", "cpu", "processes@2", "sequential", "{ratio}") == "1.5×"
    assert macros.value("en", "cpu", "processes@2", "speedup") == "4.0×"  # the row's median
    assert macros.value("zh", "cpu", "processes@2", "speedup") == "4.0 倍"
    assert macros.value("en", "cpu", "processes@2", "ideal_speedup") == "2×"


def test_cache_hits_and_misses(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(figures, "CACHE", tmp_path)
    monkeypatch.setenv("BENCH_MODE", "tiny")
    path = figures.BENCH_DIR / "io_waits.py"
    identity = {"cpu": "A"}
    first = figures.run_one(path, "tiny", identity)
    assert "running" in capsys.readouterr().out
    assert figures.run_one(path, "tiny", identity) == first
    assert "cached" in capsys.readouterr().out
    figures.run_one(path, "tiny", {"cpu": "B"})  # another machine: a miss
    assert "running" in capsys.readouterr().out
    figures.run_one(path, "tiny", identity, force=True)  # make figures: a miss
    assert "running" in capsys.readouterr().out
    assert len(list(tmp_path.glob("io_waits-tiny-*.json"))) == 2


def test_a_failing_benchmark_fails_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "CACHE", tmp_path)
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('benchmark broke')\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="benchmark broke"):
        figures.run_one(broken, "tiny", {})


# --- Timelines ----------------------------------------------------------------

sys.path.insert(0, str(figures.BENCH_DIR))
import timeline  # noqa: E402


def fake_timeline():
    scenarios = {
        "io_threads": {"lanes": [[[0.0, 0.1, "waited"]], [[0.0, 0.1, "waited"]]],
                       "seconds": 0.1, "chunk_seconds": 0.01, "chunks": 10, "both_busy": 1.0},
        "python_threads": {"lanes": [[[0.0, 0.005, "ran"], [0.01, 0.015, "ran"]],
                                     [[0.005, 0.01, "ran"], [0.015, 0.2, "ran"]]],
                           "seconds": 0.2, "chunk_seconds": 5e-5, "chunks": 100, "both_busy": 0.0},
        "python_processes": {"lanes": [[[0.0, 0.1, "ran"]], [[0.0, 0.1, "ran"]]],
                             "seconds": 0.1, "chunk_seconds": 5e-5, "chunks": 100, "both_busy": 1.0},
        "numpy_threads": {"lanes": [[[0.0, 0.1, "ran"]], [[0.0, 0.1, "ran"]]],
                          "seconds": 0.1, "chunk_seconds": 1.5e-4, "chunks": 100, "both_busy": 1.0},
    }
    results = fake_results()
    results["benchmarks"]["timeline"] = {
        "benchmark": "timeline", "description": "d", "mode": "tiny", "source": "timeline.py",
        "rows": [], "skipped": None, "kind": "timeline", "switch_interval": 0.005,
        "slow_factor": 4, "scenarios": scenarios}
    return results


def test_a_chunk_far_slower_than_alone_leaves_a_gap():
    # chunks of 1 s alone; the third took 8 s: the worker was not running
    stamps = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0]
    assert timeline.intervals(stamps, 1.0, "ran") == [[0.0, 2.0, "ran"], [10.0, 12.0, "ran"]]
    # a wait is a wait, however long it took
    assert timeline.intervals(stamps, 1.0, "waited") == [[0.0, 12.0, "waited"]]
    assert timeline.both_busy([[[0.0, 1.0, "ran"]], [[0.5, 1.0, "ran"]]], 0.0, 1.0) \
        == pytest.approx(0.5, abs=0.01)


def test_timeline_draws_each_interval_on_one_time_axis():
    results = fake_timeline()
    html = figures.figure_html(results, "timeline", "en", "What ran when")
    scenarios = results["benchmarks"]["timeline"]["scenarios"]
    intervals = [i for s in scenarios.values() for lane in s["lanes"] for i in lane]
    assert html.count('class="ran"') == sum(kind == "ran" for *_, kind in intervals)
    assert html.count('class="waited"') == sum(kind == "waited" for *_, kind in intervals)
    # the lane backgrounds: a scenario twice as long is drawn twice as long
    widths = [float(w) for w in re.findall(r'class="lane-bg" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', html)]
    assert widths[2] == pytest.approx(2 * widths[0], rel=0.01)  # python_threads vs io_threads
    # each interval sits where it happened: x and width in proportion to its lane
    backgrounds = [(float(x), float(w)) for x, w in re.findall(
        r'class="lane-bg" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', html)]
    drawn = [(float(x), float(w)) for x, w in re.findall(
        r'class="(?:ran|waited)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', html)]
    lanes = [(s, lane) for s in scenarios.values() for lane in s["lanes"]]
    expected = [(bg_x + bg_w * start / s["seconds"], bg_w * (end - start) / s["seconds"])
                for (s, lane), (bg_x, bg_w) in zip(lanes, backgrounds) for start, end, _ in lane]
    assert drawn == [pytest.approx(e, abs=0.05) for e in expected]
    # the axis: each tick labelled in milliseconds, where that time is drawn
    bg_x, bg_w = backgrounds[0]
    per_ms = bg_w / (scenarios["io_threads"]["seconds"] * 1000)
    ticks = [(float(x), float(label)) for x, label in
             re.findall(r'<text class="tick" x="([\d.]+)" y="[\d.]+">([\d.]+)</text>', html)]
    assert len(ticks) >= 3 and ticks[0][1] == 0
    assert all(x == pytest.approx(bg_x + per_ms * ms, abs=0.1) for x, ms in ticks), ticks
    for part in ("pure Python, 2 threads: both workers busy at once for 0% of the 200 ms",
                 "switch interval 5 ms", "50 µs (Python)", "150 µs (NumPy)", "over 4×", "Test CPU"):
        assert part in html, part
    zh = figures.figure_html(results, "timeline", "zh", "什么时候在运行")
    assert zh.count("<rect") == html.count("<rect")
    assert "纯 Python，2 个线程：共耗时 200 毫秒" in zh and "构建时记录于" in zh


def test_timeline_values_for_the_pages():
    macros.results = fake_timeline()
    assert macros.value("en", "timeline", "python_threads", "both_busy") == "0%"
    assert macros.value("zh", "timeline", "python_threads", "seconds") == "200 ms"
    assert macros.value("en", "timeline", "python_threads", "chunk_seconds") == "50 µs"


def test_timelines_are_published_and_shown_where_they_teach(site):
    data = json.loads((site / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    scenarios = data["timelines"]["timeline"]["scenarios"]
    assert list(scenarios) == ["io_threads", "python_threads", "python_processes", "numpy_threads"]
    for name, scenario in scenarios.items():
        assert len(scenario["lanes"]) == 2 and 0 <= scenario["both_busy"] <= 1, name
        for lane in scenario["lanes"]:
            for start, end, kind in lane:
                assert 0 <= start <= end <= scenario["seconds"] + 1e-9 and kind in ("ran", "waited")
        # the lanes share the scenario's time axis: what they show is what was measured
        assert timeline.both_busy(scenario["lanes"], 0, scenario["seconds"]) \
            == pytest.approx(scenario["both_busy"], abs=0.02), name
    for page in TIMELINE_PAGES:
        for prefix in ("", "zh/"):
            html = (site / prefix / page / "index.html").read_text(encoding="utf-8")
            assert 'id="figure-timeline"' in html, f"{prefix}{page}: no timeline"


TIMELINE_PAGES = ["gil", "threads", "benchmarks"]


def test_a_timeline_claim_is_checked_against_the_lanes(capsys):
    macros.results = fake_timeline()  # processes: 100% busy at once; python threads: 0%
    assert macros.claim("en", "timeline", "python_processes", "python_threads", "Side by side.") \
        == "Side by side."
    shown = macros.claim("zh", "timeline", "python_threads", "python_processes", "并排运行。")
    assert "并排运行" not in shown and "本次构建的测量结果与正文不符" in shown
    assert "CONTRADICTION" in capsys.readouterr().err
