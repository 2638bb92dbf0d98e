"""Every link in a built site: internal ones must reach a file, and an anchor
on it; external ones are listed and checked for form only (nothing here
reaches the network).

Usage: python tools/links.py site/   (exit status 1 if any link is broken)
"""

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from bs4 import BeautifulSoup

LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
           "iframe": "src"}
NOT_FETCHED = ("mailto:", "javascript:", "data:", "blob:")


@dataclass
class Report:
    internal: int
    external: Counter
    broken: list[str]


def page_url(site: Path, html: Path) -> str:
    """The URL path a browser shows for a built file: /threads/ for threads/index.html."""
    relative = html.relative_to(site).as_posix()
    return "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)


def target_file(site: Path, path: str) -> Path:
    file = site / unquote(path).lstrip("/")
    return file / "index.html" if path.endswith("/") or file.is_dir() else file


def ids_of(html: Path, cache: dict) -> set[str]:
    if html not in cache:
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        cache[html] = ({tag["id"] for tag in page.find_all(id=True)} |
                       {tag["name"] for tag in page.find_all("a", attrs={"name": True})})
    return cache[html]


def external_problem(url: str) -> str | None:
    parts = urlparse(url)
    if parts.scheme not in ("http", "https"):
        return "not http or https"
    if not parts.netloc or " " in url or "." not in parts.netloc.split(":")[0]:
        return "no valid host"
    return None


def check(site: Path) -> Report:
    site = site.resolve()
    ids, internal, external, broken = {}, 0, Counter(), []
    for html in sorted(site.rglob("*.html")):
        base = page_url(site, html)
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in LINKING.items():
            for element in page.find_all(tag, attrs={attribute: True}):
                url = element[attribute].strip()
                where = f"{html.relative_to(site)}: <{tag} {attribute}=\"{url}\">"
                if not url or url.startswith(NOT_FETCHED):
                    continue
                if urlparse(url).scheme or url.startswith("//"):
                    external[urlparse(urljoin("http:", url)).netloc] += 1
                    problem = external_problem(urljoin("http:", url))
                    if problem:
                        broken.append(f"{where}: {problem}")
                    continue
                internal += 1
                resolved = urlparse(urljoin(base, url))
                file = target_file(site, resolved.path)
                if not file.is_file():
                    broken.append(f"{where}: no file {file.relative_to(site) if file.is_relative_to(site) else file}")
                elif resolved.fragment and file.suffix == ".html" and \
                        unquote(resolved.fragment) not in ids_of(file, ids):
                    broken.append(f"{where}: no anchor #{resolved.fragment} in {file.relative_to(site)}")
    return Report(internal, external, broken)


def main():
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    report = check(site)
    print(f"{report.internal} internal links checked, {len(report.broken)} broken")
    print(f"{sum(report.external.values())} external links to {len(report.external)} hosts "
          "(checked for form only; nothing is fetched):")
    for host, count in report.external.most_common():
        print(f"  {count:4d}  {host}")
    for problem in report.broken:
        print("BROKEN", problem)
    sys.exit(1 if report.broken else 0)


if __name__ == "__main__":
    main()
