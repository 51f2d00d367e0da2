"""The analysis bench scripts still run at tiny sizes, and the pages show their output."""

import subprocess
import sys

import pytest

from tests.analysis.helpers import ROOT

FIGURES = ROOT / "snippets/analysis/figures"

SMOKE = {
    "analysis_numpy_races.py": ["--steps", "3", "--repeat", "1", "--sizes", "1000", "--threads", "2"],
}


@pytest.mark.parametrize("script", sorted(SMOKE))
def test_bench_script_runs(script, tmp_path):
    md = tmp_path / "figure.md"
    proc = subprocess.run(
        [sys.executable, f"bench/{script}", *SMOKE[script], "--markdown", str(md)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "machine:" in proc.stdout and "python:" in proc.stdout
    assert md.read_text().startswith(f"```text\n$ .venv/bin/python bench/{script}")


@pytest.mark.parametrize("figure, script", [("numpy_races.md", "analysis_numpy_races.py")])
def test_page_figure_comes_from_the_script(figure, script):
    text = (FIGURES / figure).read_text()
    assert text.startswith(f"```text\n$ .venv/bin/python bench/{script} ")
    assert "machine:" in text and "python:" in text and "libraries:" in text


def test_bytecode_figure_matches_this_python(tmp_path):
    """Bytecode depends only on the minor version: the page's file must equal a fresh run."""
    v = sys.version_info
    figure = FIGURES / f"bytecode_{v.major}.{v.minor}.md"
    if not figure.is_file():
        pytest.skip(f"the page shows no bytecode for Python {v.major}.{v.minor}")
    md = tmp_path / "bytecode.md"
    subprocess.run(
        [sys.executable, "bench/analysis_bytecode.py", "--markdown", str(md)],
        check=True, capture_output=True, timeout=60, cwd=ROOT,
    )
    assert md.read_text() == figure.read_text(), (
        f"{figure.name} is stale: rerun bench/analysis_bytecode.py --markdown {figure} on Python {v.major}.{v.minor}"
    )


def test_bytecode_figures_for_each_version_on_the_page():
    for minor in (11, 12, 13):
        assert (FIGURES / f"bytecode_3.{minor}.md").read_text().startswith(
            f"```text\n$ python3.{minor} bench/analysis_bytecode.py\n"
        )


def test_read_modify_write_is_several_instructions_and_append_is_one_call():
    from snippets.analysis import atomicity

    ops = atomicity.opnames(atomicity.attr_increment)
    assert ops.index("LOAD_ATTR") < ops.index("BINARY_OP") < ops.index("STORE_ATTR")
    for one_call in (atomicity.list_append, atomicity.dict_setdefault):
        ops = atomicity.opnames(one_call)
        assert ops.count("CALL") == 1 and not any(op.startswith("STORE") for op in ops)
