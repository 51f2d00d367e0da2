"""Fixtures for the docs tests: one strict build of the real site per session."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock

from tests.support import browser as _browser
from tests.support.site import ROOT, mkdocs_build

__all__ = ["ROOT", "mkdocs_build"]


@pytest.fixture(scope="session")
def strict_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The strict build of both editions, once per test run: under pytest-xdist
    the first worker to ask builds it (the others wait on a file lock) into the
    run's shared temporary folder, and every worker reads the same site."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # no xdist (or -p no:xdist): this process is the whole run
        site = tmp_path_factory.mktemp("site")
        return mkdocs_build(ROOT, site), site
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, shared by its workers
    site, record = shared / "site", shared / "site-build.json"
    with FileLock(shared / "site-build.lock"):
        if not record.is_file():
            result = mkdocs_build(ROOT, site)
            record.write_text(json.dumps({"args": result.args, "returncode": result.returncode,
                                          "stdout": result.stdout, "stderr": result.stderr}), encoding="utf-8")
    done = json.loads(record.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess(**done), site


@pytest.fixture(scope="session")
def built_site(strict_build) -> Path:
    result, site = strict_build
    if result.returncode != 0:
        pytest.fail("mkdocs build --strict failed:\n" + result.stdout + result.stderr)
    return site


# The first test that asks for the built site pays for the strict build of
# both editions (about 10 s on an idle machine, minutes on a loaded one), and
# under xdist the first test of each other worker waits for it; pytest's
# per-test limit (pyproject.toml) must not kill them for that.
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
