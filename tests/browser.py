"""A real browser for the tests: Debian's Chromium driven by Playwright,
reading the built site from a server on 127.0.0.1.

Playwright's own browser download is never used: Chromium comes from the
system (tools/ensure_browser.sh installs it), and it is started with the
switches that keep it from calling home, since nothing may leave this
machine.
"""

import functools
import shutil
import sys
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import serve  # noqa: E402  (tools/serve.py: the gzip-serving handler)

CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = ("Chromium is missing: install Debian's package "
                "(sudo apt-get install chromium fonts-noto-cjk), or run `make test`, "
                "which installs it where it can")
QUIET_SWITCHES = [
    "--disable-background-networking", "--disable-component-update",
    "--disable-default-apps", "--disable-sync", "--no-first-run",
    "--no-default-browser-check", "--metrics-recording-only",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
    "--no-sandbox",  # the tests may run as root, where the sandbox refuses to start
]
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def chromium() -> str | None:
    """The system Chromium's path, or None."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@contextmanager
def served(site: Path):
    """Serve `site` on a free loopback port; yield its base URL."""
    handler = functools.partial(serve.Handler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium(), args=QUIET_SWITCHES)
