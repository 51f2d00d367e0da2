"""Smoke test of the built site in a real browser (Debian's Chromium).

Serves the strict build on 127.0.0.1, opens it with Playwright, and checks
that the home page renders with its title and navigation, that the built-in
search finds the review of the source article, and that no request leaves
localhost. Skipped (with how to install Chromium) where Chromium is absent,
except under CI, where it must run.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags from ../shared/notes/docs-tooling.md: root needs --no-sandbox, and the
# background-networking flags stop Chromium from calling home on a closed network.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _require_chromium() -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}. Install it with "
        "'sudo apt-get install chromium' (Debian/Ubuntu) or set CHROMIUM=/path/to/chrome."
    )
    if os.environ.get("CI"):
        pytest.fail("under CI the browser test must run: " + message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def site_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def browser_page():
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})  # wide: tabs shown
            page.set_default_timeout(20_000)
            outside: list[str] = []

            def guard(route):
                if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.outside_requests = outside
            yield page
        finally:
            browser.close()


def test_home_renders_with_title_and_navigation(browser_page, site_url):
    browser_page.goto(site_url, wait_until="networkidle")
    assert "verified handbook" in browser_page.title()
    assert browser_page.locator("h1").first.inner_text().strip() != ""
    nav_text = browser_page.locator("nav.md-tabs").first.inner_text()
    for section in ("Source article, reviewed", "Interview questions", "Coding problems", "Verification"):
        assert section in nav_text


def search_hrefs(page, site_url, query: str) -> list[str]:
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material's search reacts to key events, also for CJK text
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


@pytest.mark.parametrize("query", ["RWMutex", "死锁"])
def test_search_finds_the_seed_review(browser_page, site_url, query):
    """English and Chinese queries (the page quotes the Chinese source article)."""
    hrefs = search_hrefs(browser_page, site_url, query)
    assert any("seed-review/" in h for h in hrefs), hrefs


def test_no_request_leaves_localhost(browser_page, site_url):
    for path in ("", "seed-review/", "contributing/"):
        browser_page.goto(site_url + path, wait_until="networkidle")
    assert browser_page.outside_requests == []
