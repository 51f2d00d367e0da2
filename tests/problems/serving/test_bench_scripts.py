"""The bench scripts behind the pages' figures still run (tiny sizes)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("script", ["problems_serving_ratelimit.py", "problems_serving_accumulator.py"])
def test_bench_script_runs(script, tmp_path):
    md = tmp_path / "figures.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--n", "200", "--repeat", "1", "--markdown", str(md)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "machine:" in proc.stdout and "python:" in proc.stdout
    assert md.read_text().startswith("```text\n$ .venv/bin/python bench/" + script)


@pytest.mark.parametrize("name", ["ratelimit", "accumulator"])
def test_page_figures_come_from_the_script(name):
    text = (ROOT / "snippets/problems/serving/figures" / f"{name}.md").read_text()
    assert text.startswith(f"```text\n$ .venv/bin/python bench/problems_serving_{name}.py ")
    assert "machine:" in text and "python:" in text
