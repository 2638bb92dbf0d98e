"""What a browser downloads to show one built page, in bytes, raw and gzipped.

Counts what a first visit downloads: the page's HTML, the stylesheets,
scripts and icon it links, the search worker it starts, and the sitemaps
that Material's language selector reads. It leaves out the search index,
which overrides/assets/javascripts/search-on-demand.js holds back until the
reader uses search (tests/test_browser.py checks this list against what
Chromium really requests). Usage: python tools/page_weight.py site/threads/index.html
"""

import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse


def resources(html: Path, site: Path) -> list[Path]:
    text = html.read_text(encoding="utf-8")
    base = "/" + html.relative_to(site).as_posix()
    urls = re.findall(r'<(?:script|img)\b[^>]*\bsrc="([^"]+)"', text)
    urls += re.findall(r'<link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref="([^"]+)"', text)
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    if config:
        worker = json.loads(config.group(1)).get("search")  # relative to the page
        if worker:
            urls.append(worker)
    urls += ["/sitemap.xml", "/zh/sitemap.xml"]  # the language selector's
    files = [html]
    for url in urls:
        if url.startswith("data:"):
            continue  # an inline image (a notebook's plot): counted in the HTML
        path = urlparse(urljoin(base, url)).path.lstrip("/")
        if (site / path).is_file():
            files.append(site / path)
    return files


def weight(html: Path, site: Path) -> tuple[int, int]:
    """(raw bytes, gzipped bytes) of everything the page loads."""
    files = resources(html, site)
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


def site_root(html: Path) -> Path:
    for parent in html.resolve().parents:
        if (parent / "sitemap.xml").exists() and not (parent.parent / "sitemap.xml").exists():
            return parent
    raise SystemExit(f"{html} is not inside a built site")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        html = Path(name).resolve()
        site = site_root(html)
        raw, packed = weight(html, site)
        print(f"{html}: {raw / 1000:.1f} kB raw, {packed / 1000:.1f} kB gzipped, "
              f"{len(resources(html, site))} files; the search index comes when the reader searches")
