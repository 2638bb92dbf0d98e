"""Serve site/ on 127.0.0.1, and rebuild it when a source file changes.

`mkdocs serve` serves one config, so it cannot serve the English site at /
and the Chinese site at /zh/ together; this serves the built site/ instead.
Reload the page in the browser after a rebuild.
"""

import argparse
import functools
import gzip
import io
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["docs", "snippets", "originals", "examples", "overrides", "hooks",
           "mkdocs.yml", "mkdocs.zh.yml"]


def snapshot():
    files = []
    for name in WATCHED:
        path = ROOT / name
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return {str(p): p.stat().st_mtime for p in files}


def rebuild():
    for config in ("mkdocs.yml", "mkdocs.zh.yml"):
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", config],
                                cwd=ROOT)
        if result.returncode != 0:
            print(f"==> Build of {config} failed; still serving the last good pages")
            return
    print("==> Rebuilt site/; reload the page")


def watch(stop):
    seen = snapshot()
    while not stop.wait(1.0):
        now = snapshot()
        if now != seen:
            print("==> Sources changed; rebuilding")
            rebuild()
            seen = snapshot()


class Handler(SimpleHTTPRequestHandler):
    """Static files, gzipped for browsers that accept it (as real hosts do),
    so the bytes a page transfers here are the bytes it transfers there."""

    COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".ipynb"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in self.COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=str(ROOT / "site"))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(stop,))
    with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        watcher.start()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\n==> Stopped")
        finally:
            stop.set()
            watcher.join(timeout=5)


if __name__ == "__main__":
    main()
