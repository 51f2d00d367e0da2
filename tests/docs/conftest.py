"""Fixtures for the docs tests: one strict build of the real site per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site_dir`, output captured."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True, timeout=300, env=env,
    )


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
