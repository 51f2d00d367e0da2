"""Strict builds of the site, and throwaway projects with the site's configuration.

One place for both, used by tests/docs (the strict build has teeth, the
hooks change nothing they should not) and by bench/docs_build_time.py (its
smoke run builds a small project).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

__all__ = ["ROOT", "ENGLISH_ONLY", "mkdocs_build", "project_with"]

ROOT = Path(__file__).resolve().parents[2]

# The environment that builds the English edition alone (mkdocs.yml reads
# HANDBOOK_CHINESE for the zh language's `build`).
ENGLISH_ONLY = {"HANDBOOK_CHINESE": "false"}


def mkdocs_build(
    project: Path, site_dir: Path, *, env: dict[str, str] | None = None, quiet: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site_dir`, output captured.

    ``env`` adds to the environment (for example ``ENGLISH_ONLY``)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if quiet:
        command.append("--quiet")
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def project_with(where: Path, pages: dict[str, str], *, without_hooks: tuple[str, ...] = ()) -> Path:
    """A project in ``where`` with the real mkdocs.yml settings (without its
    nav), the theme overrides, the hooks and ``pages`` (path under docs/ ->
    Markdown, dedented). ``without_hooks`` names hooks (``"shared_work.py"``)
    to leave out of mkdocs.yml."""
    where.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\n"
    for name in without_hooks:
        line = f"\n  - hooks/{name}\n"
        if line not in config:
            raise ValueError(f"mkdocs.yml has no hook {name}")
        config = config.replace(line, "\n")
    (where / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("overrides", "hooks"):  # the theme's custom_dir; mkdocs.yml hooks
        shutil.copytree(ROOT / folder, where / folder, dirs_exist_ok=True)
    for rel, text in pages.items():
        path = where / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return where
