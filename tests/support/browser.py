"""Chromium for the browser tests: where it is, how it is started, and what
happens where it is missing.

Debian's Chromium by default (``CHROMIUM`` overrides the path), driven by
Playwright. Where Chromium is absent the test is skipped with how to install
it, except under CI (``CI`` set), where it must run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator

import pytest

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "launch", "require_chromium"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags from ../shared/notes/docs-tooling.md: root needs --no-sandbox, and the
# background-networking flags stop Chromium from calling home on a closed network.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test where Chromium is missing (fail under CI)."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}. Install it with "
        "'sudo apt-get install chromium' (Debian/Ubuntu) or set CHROMIUM=/path/to/chrome."
    )
    if os.environ.get("CI"):
        pytest.fail("under CI the browser test must run: " + message)
    pytest.skip(message)


@contextlib.contextmanager
def launch() -> Iterator[object]:
    """A Playwright Chromium browser, closed on exit (the fixture ``browser``
    of tests/docs/conftest.py, one per test module)."""
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()
