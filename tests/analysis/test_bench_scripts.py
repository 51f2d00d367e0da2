"""The analysis pages' figures: what the generated files say.

tests/bench runs every bench script's smoke mode and checks every generated
file's header (script, inputs, content hashes); here only what is specific to
the analysis figures: the bytecode tab of the running Python equals a fresh
run (bytecode depends only on the minor version), and the recorded NumPy run
names its library version.
"""

import subprocess
import sys

from bench.output import body_of, parse_header
from tests.analysis.helpers import ROOT

FIGURES = ROOT / "snippets/analysis/figures"


def test_numpy_figure_comes_from_the_script_with_its_versions():
    text = (FIGURES / "numpy_races.md").read_text()
    assert parse_header(text).script == "bench/analysis_numpy_races.py"
    body = body_of(text)
    assert body.startswith("```text\n$ .venv/bin/python -m bench.analysis_numpy_races")
    assert "machine:" in body and "python:" in body and "libraries: numpy" in body


def test_bytecode_tab_of_this_python_matches_a_fresh_run():
    v = sys.version_info
    fresh = subprocess.run(
        [sys.executable, "-m", "bench.analysis_bytecode", "--print-only"],
        check=True, capture_output=True, text=True, timeout=60, cwd=ROOT,
    ).stdout
    body = body_of((FIGURES / "bytecode.md").read_text())
    tab = body.split(f'=== "Python {v.major}.{v.minor}"\n\n', 1)[1].split("\n=== ", 1)[0]
    published = "\n".join(line[4:] for line in tab.splitlines())
    assert published.strip() == f"```text\n{fresh}```".strip(), (
        "bytecode.md is stale for this Python: rerun .venv/bin/python -m bench.analysis_bytecode"
    )


def test_bytecode_figure_has_a_tab_for_each_version_on_the_page():
    body = body_of((FIGURES / "bytecode.md").read_text())
    for minor in (11, 12, 13):
        assert f'=== "Python 3.{minor}"\n\n    ```text\n    python: cpython 3.{minor} ' in body


def test_read_modify_write_is_several_instructions_and_append_is_one_call():
    from snippets.analysis import atomicity

    ops = atomicity.opnames(atomicity.attr_increment)
    assert ops.index("LOAD_ATTR") < ops.index("BINARY_OP") < ops.index("STORE_ATTR")
    for one_call in (atomicity.list_append, atomicity.dict_setdefault):
        ops = atomicity.opnames(one_call)
        assert ops.count("CALL") == 1 and not any(op.startswith("STORE") for op in ops)
