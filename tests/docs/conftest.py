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
