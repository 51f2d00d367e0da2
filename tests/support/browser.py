"""Chromium for the browser tests: where it is, how it is started, and what
happens where it is missing.

Debian's Chromium, driven by Playwright: its headless shell
(``chromium-headless-shell``, the same engine without the browser's window
and tab strip, which Playwright itself uses for headless runs) where it is
installed, else the full ``chromium`` in headless mode; ``CHROMIUM``
overrides the path. The shell renders pages the same way at about two thirds
of the CPU per page load (the full browser keeps drawing its hidden window
while a page loads), which is most of the browser tests' time. Where Chromium
is absent the test is skipped with how to install it, except under CI
(``CI`` set), where it must run.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
from collections.abc import Iterator

import pytest

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "CJK_FONT_PACKAGE", "keep_the_callers_priority", "launch", "missing_glyphs",
    "require_chromium",
]

# The Debian packages, fastest first (the headless shell is the package
# chromium-headless-shell; .ci/run installs it beside chromium).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (path for path in CHROMIUM_CANDIDATES if os.path.exists(path)), CHROMIUM_CANDIDATES[-1])
# Flags from ../shared/notes/docs-tooling.md: root needs --no-sandbox, and the
# background-networking flags stop Chromium from calling home on a closed network.
# The host resolver knows no name but this machine's, so no request reaches
# another host (tests/support/crawl.py records any that is tried).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def require_chromium() -> None:
    """Skip the calling test where Chromium is missing (fail under CI)."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}. Install it with "
        "'sudo apt-get install chromium-headless-shell' (or chromium; Debian/Ubuntu) "
        "or set CHROMIUM=/path/to/chrome."
    )
    if os.environ.get("CI"):
        pytest.fail("under CI the browser test must run: " + message)
    pytest.skip(message)


_PR_CAPBSET_DROP, _CAP_SYS_NICE = 24, 23  # <linux/prctl.h>, <linux/capability.h>


def keep_the_callers_priority() -> None:
    """Chromium raises the priority of its own threads (to nice 0 and -8)
    where it may, that is as root; a browser test run under ``nice -n 19``
    would then take the CPU from whatever the machine measures. Dropping
    CAP_SYS_NICE from this process's capability bounding set (Linux, root
    only; nothing else here needs it) keeps every browser thread at the
    caller's priority."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_CAPBSET_DROP, _CAP_SYS_NICE, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # best effort: the tests run the same either way


@contextlib.contextmanager
def launch() -> Iterator[object]:
    """A Playwright Chromium browser, closed on exit (the fixture ``browser``
    of tests/docs/conftest.py, one per test module)."""
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    keep_the_callers_priority()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


# The Debian/Ubuntu package that gives Chromium Chinese glyphs (.ci/run and
# .github/workflows/ci.yml install it); without one, Chinese renders as boxes.
CJK_FONT_PACKAGE = "fonts-noto-cjk"

# Draws each character with the page's fallback fonts, and a character no
# font has (U+10FFFD, private use): a character drawn exactly like it has no
# glyph on this machine (a box, or nothing).
_MISSING_GLYPHS_JS = r"""(text) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => {
    g.clearRect(0, 0, 64, 64);
    g.font = '48px sans-serif';
    g.fillText(ch, 4, 52);
    return g.getImageData(0, 0, 64, 64).data.join();
  };
  const none = draw('\u{10FFFD}');
  return [...text].filter((ch) => draw(ch) === none);
}"""


def missing_glyphs(page, text: str) -> list[str]:
    """The characters of ``text`` that Chromium has no font for (drawn as boxes)."""
    return page.evaluate(_MISSING_GLYPHS_JS, text)
