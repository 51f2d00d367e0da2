"""Fixtures for the docs tests: one strict build of the real site per session."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import browser as _browser
from tests.support.site import ROOT, mkdocs_build

__all__ = ["ROOT", "mkdocs_build"]


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    site = tmp_path_factory.mktemp("site")
    return mkdocs_build(ROOT, site), site


@pytest.fixture(scope="session")
def built_site(strict_build) -> Path:
    result, site = strict_build
    if result.returncode != 0:
        pytest.fail("mkdocs build --strict failed:\n" + result.stdout + result.stderr)
    return site


# The first test on a worker that asks for the built site pays for the strict
# build of both editions (about 10 s on an idle machine, minutes on a loaded
# one); pytest's per-test limit (pyproject.toml) must not kill it for that.
BUILD_TIMEOUT = 600


def pytest_collection_modifyitems(config, items):
    for item in items:
        if {"built_site", "strict_build"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.timeout(BUILD_TIMEOUT))


@pytest.fixture(scope="module")
def browser():
    """Chromium through Playwright, one per test module (tests/support/browser.py)."""
    with _browser.launch() as launched:
        yield launched
