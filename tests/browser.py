"""A real browser against the real app: Debian's chromium driven by Playwright (no browser download),
the dashboard started with `streamlit run` on a local port, and every request that leaves this
machine aborted, as on an air-gapped analyst's laptop. The benchmarks (bench/scale.py) use it too."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_path() -> str:
    """Debian's chromium, or the test is skipped (failed on CI, which installs it)."""
    path = find_chromium()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_dashboard(database_url: str, script: Path = ROOT / "dashboard.py", port: int | None = None,
                      options: tuple[str, ...] = ()):
    """The dashboard (or another Streamlit `script`, run from the repository) on a local `port` (a free one by
    default) with Streamlit's command-line `options`, serving the store at `database_url`; yields (url, process)."""
    port = port or free_port()
    env = {**os.environ, "FRONTLINE_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    output = process.stdout.read1().decode() if process.stdout else ""
                    raise RuntimeError(f"the dashboard did not start: {output[-2000:]}") from None
                time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def offline_page(playwright, outside_requests: list[str], executable: str | None = None):
    """A page whose requests to anything but this machine are aborted and recorded."""
    browser = playwright.chromium.launch(executable_path=executable or chromium_path(), args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"])
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def route(r):
        host = urlparse(r.request.url).hostname
        if host in ("127.0.0.1", "localhost") or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    try:
        yield context.new_page()
    finally:
        browser.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def open_map(page, url: str, marker_class: str):
    """Load the map page at `url` and wait until its attack markers are drawn; returns the map's frame."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Killed by victim group").wait_for(timeout=60_000)
    frame = page.frame_locator("iframe[title*='st_folium']")
    frame.locator(f"path.{marker_class}").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # let every layer finish drawing
    return frame


def incidents_metric(page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text()
