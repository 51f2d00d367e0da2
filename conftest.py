"""Root conftest: wires the docs into the test run.

pytest-codeblocks runs every bare ```python / sh / bash fence of docs/.
A fence whose body is only ``--8<--`` include lines is not Python, so
pytest-codeblocks' item for it is deselected and replaced by an
"includes" item that checks the include resolves (file and section, as
``pymdownx.snippets`` with ``check_paths`` would) and that included Python
compiles. The included module's behaviour is tested by its mirrored test
under tests/ (enforced by tests/docs/test_hygiene.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.markdown import fences, include_problem, is_include_only

pytest_plugins = ["racecheck.pytest_plugin"]

ROOT = Path(__file__).parent


class IncludeBlockItem(pytest.Item):
    def __init__(self, *, fence, **kwargs):
        super().__init__(**kwargs)
        self.fence = fence

    def runtest(self):
        errors = []
        for line, inc in self.fence.include_lines:
            why = include_problem(ROOT, inc)
            if why:
                errors.append(f"{self.path.relative_to(ROOT)}:{line}: {why}")
                continue
            target = ROOT / inc.file
            if target.suffix == ".py":
                try:
                    compile(target.read_text(encoding="utf-8"), str(target), "exec")
                except SyntaxError as e:
                    errors.append(
                        f"{self.path.relative_to(ROOT)}:{line}: included {inc.file}:{e.lineno}: "
                        f"syntax error: {e.msg}"
                    )
        if errors:
            raise IncludeError("\n".join(errors))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, IncludeError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.fence.line - 1, f"includes at line {self.fence.line}"


class IncludeError(Exception):
    pass


class IncludeBlocksFile(pytest.File):
    def collect(self):
        for fence in fences(self.path):
            if fence.is_include_only:
                yield IncludeBlockItem.from_parent(
                    self, name=f"includes line {fence.line}", fence=fence
                )


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and parent.config.option.codeblocks:
        return IncludeBlocksFile.from_parent(parent, path=file_path)


def _is_include_only_codeblock(item) -> bool:
    block = getattr(item, "obj", None)
    code = getattr(block, "code", None)
    if not isinstance(code, str) or type(item).__module__ != "pytest_codeblocks.plugin":
        return False
    return is_include_only(code.splitlines())


def _is_translation_codeblock(item) -> bool:
    # A Chinese page (x.zh.md) has the same code blocks as its English page,
    # byte for byte (tests/docs/test_i18n.py), and the English one runs.
    return type(item).__module__ == "pytest_codeblocks.plugin" and item.path.name.endswith(".zh.md")


def pytest_collection_modifyitems(config, items):
    # Include-only blocks are checked by IncludeBlockItem instead; running the
    # include line as Python would only fail. Translations' blocks run once, on
    # the English page.
    covered = [item for item in items if _is_include_only_codeblock(item) or _is_translation_codeblock(item)]
    if covered:
        config.hook.pytest_deselected(items=covered)
        items[:] = [item for item in items if item not in covered]
    # Browser tests first, each module's together: pytest-xdist's work stealing
    # hands every worker a slice of this list and steals from the end of a
    # worker's queue, so the browser modules stay in the first worker (one
    # Chromium and one served site per module, not one per worker that got
    # some of its tests) and their long chain of page loads starts first.
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook: unknown under -p no:xdist
def pytest_xdist_auto_num_workers(config):
    """``-n auto`` (what ``make test`` passes): two workers per core. Most of
    the suite is racecheck runs, whose threads hand the turn to one another
    through real locks, and tests that wait for subprocesses, a browser or a
    timeout; a second worker per core fills those waits. Measured back to
    back on 2 cores, the racecheck, problem and seed-review tests: 64 s with
    four workers, 80 s with two (runs pinned to one CPU each,
    racecheck/_affinity.py)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return 2 * cores
