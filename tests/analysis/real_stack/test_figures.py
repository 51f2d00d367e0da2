"""The real-stack figures: their bench scripts still run, and pages show current output.

Each figure is a ```text block written by a bench/ script (banner first:
machine, Python, library versions). A test fails when the figure is
missing, was produced by another command, or names library versions other
than the pinned ones.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


from tests.support.optional import pinned_version, require

ROOT = Path(__file__).resolve().parents[3]
FIGURES = ROOT / "snippets" / "analysis" / "real_stack" / "figures"


def figure(name: str) -> str:
    path = FIGURES / f"{name}.md"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run its bench script with --markdown"
    return path.read_text(encoding="utf-8")


def run_bench(script: str, *args: str, timeout: float = 60) -> str:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "machine:" in proc.stdout and "python:" in proc.stdout
    return proc.stdout


def test_tokenizers_figure_shows_the_old_and_the_pinned_release():
    text = figure("tokenizers")
    assert text.startswith("```text\n$ .venv/bin/python bench/analysis_tokenizers_versions.py ")
    assert "machine:" in text and "python:" in text
    assert "tokenizers 0.22.2 (" in text
    assert f"tokenizers {pinned_version('tokenizers')} (" in text, "re-run the bench for the new pin"


def test_tokenizers_bench_smoke(tmp_path):
    tokenizers = require("tokenizers")
    md = tmp_path / "tokenizers.md"
    out = run_bench(
        "analysis_tokenizers_versions.py", "--versions", tokenizers.__version__, "--reuse-current",
        "--threads", "4", "--calls", "10", "--words", "20", "--repeat", "1", "--markdown", str(md),
    )
    assert f"tokenizers {tokenizers.__version__} (" in out
    assert md.read_text().startswith("```text\n$ .venv/bin/python bench/analysis_tokenizers_versions.py")
