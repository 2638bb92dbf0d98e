"""Every link in the built site, both languages (tools/links.py)."""

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import links  # noqa: E402


def test_no_link_or_anchor_in_the_site_is_broken(site):
    report = links.check(site)
    assert report.internal > 2000, f"only {report.internal} internal links found"
    assert sum(report.external.values()) > 100, "the external links were not found"
    assert not report.broken, "\n".join(report.broken)


def test_the_checker_finds_each_kind_of_broken_link(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">A</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">fine</a> <a href="a/">fine</a> <a href="#top" id="top">fine</a>'
        '<a href="b/">no page</a> <a href="a/#gone">no anchor</a>'
        '<img src="figure.png"> <a href="https://docs python.org/">bad host</a>'
        '<a href="ftp://example.org/">not http</a> <a href="https://docs.python.org/3/">fine</a>',
        encoding="utf-8")
    broken = links.check(tmp_path).broken
    assert len(broken) == 5, broken
    for expected in ("no file b/index.html", "no anchor #gone", "no file figure.png",
                     "no valid host", "not http or https"):
        assert any(expected in problem for problem in broken), (expected, broken)
