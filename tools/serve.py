"""Serve site/ on 127.0.0.1, and rebuild it when a source file changes.

`mkdocs serve` serves one config, so it cannot serve the English site at /
and the Chinese site at /zh/ together; this serves the built site/ instead.
Reload the page in the browser after a rebuild.
"""

import argparse
import functools
import subprocess
import sys
import threading
import time
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


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    handler = functools.partial(QuietHandler, directory=str(ROOT / "site"))
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
