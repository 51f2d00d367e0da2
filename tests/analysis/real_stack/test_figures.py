"""The real-stack figures name the library versions this repository pins.

tests/bench checks that every figure is declared by its bench script, fresh
(script and inputs unchanged since it was written) and that every script's
--smoke run works. What it cannot know is which versions a figure must show:
here a figure fails when it no longer shows the pinned release, so bumping a
pin in requirements.txt without re-running the experiment fails the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.optional import pinned_version

ROOT = Path(__file__).resolve().parents[3]
FIGURES = ROOT / "snippets" / "analysis" / "real_stack" / "figures"


def figure(name: str) -> str:
    path = FIGURES / f"{name}.md"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run its bench script"
    return path.read_text(encoding="utf-8")


def test_tokenizers_figure_shows_the_old_and_the_pinned_release():
    text = figure("tokenizers")
    assert "```text\n$ .venv/bin/python -m bench.analysis_tokenizers_versions" in text
    assert "tokenizers 0.22.2 (" in text
    assert f"tokenizers {pinned_version('tokenizers')} (" in text, "re-run the bench for the new pin"


def test_tokenizers_fork_figure_shows_every_release_the_pages_name():
    # The pages (the DataLoader chapter, the fork-safety and DataLoader
    # interview answers) say which releases print the fork warning: the
    # figure must hold each of them, the pin included.
    text = figure("tokenizers_fork")
    assert "```text\n$ .venv/bin/python -m bench.analysis_tokenizers_versions" in text
    for version in ("0.21.0", "0.22.0", "0.22.1", "0.22.2", pinned_version("tokenizers")):
        assert f"\n{version} " in text, f"re-run the bench: tokenizers {version} is not in the fork figure"


@pytest.mark.parametrize("name, script, libraries", [
    ("torch_autograd", "analysis_torch_autograd", ["torch"]),
    ("torch_threads", "analysis_torch_threads", ["torch"]),
    ("dataloader", "analysis_dataloader", ["torch"]),
    ("async_client", "analysis_async_client", ["openai", "httpx", "starlette", "uvicorn"]),
])
def test_figure_shows_the_pinned_versions(name, script, libraries):
    text = figure(name)
    assert f"```text\n$ .venv/bin/python -m bench.{script}" in text
    for lib in libraries:
        assert f"{lib} {pinned_version(lib)}" in text, f"re-run bench/{script}.py for the {lib} pin"
