"""Proof that the generated-content checks have teeth.

Each test builds a throwaway project with the real bench/output.py, a demo
script, its generated figure and a page that includes it; generates the
figure by running the script as a reader would; then breaks the tree in one
way and asserts the check names the file, the page and the script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.output import body_of, parse_header
from tests.support import generated

ROOT = Path(__file__).resolve().parents[2]
FIGURE = "snippets/sec/figures/demo.md"
CHART = "snippets/sec/figures/demo.svg"
DATA = "snippets/sec/figures/demo.csv"
PAGE = f'''# Page

Squares:

--8<-- "{FIGURE}"

<figure class="chart" markdown="0">
--8<-- "{CHART}"
</figure>

??? note "The data (CSV)"
    ```text title="{DATA}"
    --8<-- "{DATA}"
    ```
'''

DEMO = '''\
"""A demo figure: prints n squares."""

from bench import charts
from bench.output import Lines, Script, csv_text

SCRIPT = Script(
    __name__,
    outputs=["snippets/sec/figures/demo.md", "snippets/sec/figures/demo.csv",
             "snippets/sec/figures/demo.svg"],
    inputs=["snippets/sec/mod.py"],
    smoke=["--n", "2"],
)


def main(argv=None):
    ap = SCRIPT.parser(__doc__)
    ap.add_argument("--n", type=int, default=4)
    ap.add_argument("--fail", action="store_true")
    args = SCRIPT.parse_args(ap, argv)
    if args.fail:
        raise SystemExit("demo failure")
    out = Lines()
    squares = [i * i for i in range(args.n)]
    out(" ".join(map(str, squares)))
    SCRIPT.write(args, out.text_block(SCRIPT.command(args)), output="snippets/sec/figures/demo.md")
    SCRIPT.write(args, csv_text(["i", "square"], list(enumerate(squares))), output="snippets/sec/figures/demo.csv")
    chart = charts.svg(lambda ax: charts.lines(ax, range(args.n), {"square": squares}), alt="squares", name="demo")
    SCRIPT.write(args, chart, output="snippets/sec/figures/demo.svg")


if __name__ == "__main__":
    main()
'''


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def messages(root: Path) -> str:
    return "\n".join(map(str, generated.problems(root)))


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template")
    (root / "bench").mkdir()
    for name in ("__init__.py", "output.py", "machine.py", "charts.py"):
        shutil.copy(ROOT / "bench" / name, root / "bench" / name)
    write(root, "bench/demo.py", DEMO)
    write(root, "snippets/sec/mod.py", "def square(x):\n    return x * x\n")
    write(root, "docs/sec/page.md", PAGE)
    subprocess.run([sys.executable, "-m", "bench.demo"], cwd=root, check=True, capture_output=True)
    assert generated.problems(root) == []
    return root


@pytest.fixture
def tree(template, tmp_path) -> Path:
    shutil.copytree(template, tmp_path / "tree")
    return tmp_path / "tree"


def test_clean_tree_has_the_figure(tree):
    text = (tree / FIGURE).read_text()
    assert parse_header(text).script == "bench/demo.py"
    assert body_of(text).startswith("```text\n$ .venv/bin/python -m bench.demo\n0 1 4 9\n")


def test_missing_generated_file(tree):
    (tree / FIGURE).unlink()
    out = messages(tree)
    assert f"{FIGURE}:1: is missing" in out
    assert "included by docs/sec/page.md" in out and "bench/demo.py" in out


def test_script_changed_since_generation(tree):
    script = tree / "bench/demo.py"
    script.write_text(script.read_text().replace("i * i", "i ** 2"))
    out = messages(tree)
    assert "is stale: bench/demo.py changed since it was generated" in out
    assert "included by docs/sec/page.md" in out and "python -m bench.demo" in out


def test_declared_input_changed_since_generation(tree):
    (tree / "snippets/sec/mod.py").write_text("def square(x):\n    return x ** 2\n")
    out = messages(tree)
    assert "is stale: a declared input changed" in out and "docs/sec/page.md" in out


def test_chart_code_changed_since_generation(tree):
    """The figure's inputs include the bench code the script imports: a change
    to the chart code marks every output of a script that draws charts stale."""
    charts = tree / "bench/charts.py"
    charts.write_text(charts.read_text() + "\n# a different chart style\n")
    out = messages(tree)
    for rel in (FIGURE, CHART, DATA):
        assert f"{rel}:1: is stale: a declared input changed" in out
    assert "bench/charts.py" in out and "docs/sec/page.md" in out and "python -m bench.demo" in out


def test_recorded_inputs_name_the_imported_bench_code(tree):
    assert parse_header((tree / FIGURE).read_text()).inputs == [
        "bench/demo.py", "bench/charts.py", "snippets/sec/mod.py"]


def test_hand_edited_figure(tree):
    path = tree / FIGURE
    path.write_text(path.read_text().replace("0 1 4 9", "0 1 4 8"))
    assert "was edited by hand" in messages(tree)


def test_hand_edited_header(tree):
    path = tree / FIGURE
    text = path.read_text()
    old = parse_header(text).fields["script-sha256"]
    path.write_text(text.replace(old, "0" * 64))
    out = messages(tree)
    assert "was edited by hand" in out and "is stale" in out


def test_page_includes_figure_no_script_writes(tree):
    write(tree, "snippets/sec/figures/typed.md", "```text\n1.5 ms\n```\n")
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + '\n--8<-- "snippets/sec/figures/typed.md"\n')
    assert ("docs/sec/page.md:16: includes snippets/sec/figures/typed.md, which no bench script writes"
            in messages(tree))


def test_generated_file_no_script_declares(tree):
    shutil.copy(tree / FIGURE, tree / "snippets/sec/copy.md")
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + '\n--8<-- "snippets/sec/copy.md"\n')
    out = messages(tree)
    assert "docs/sec/page.md:16: includes snippets/sec/copy.md, which no bench script writes" in out
    assert "snippets/sec/copy.md:1: has a generated header (script bench/demo.py) but no bench script declares it" in out


def test_generated_file_included_by_no_page(tree):
    (tree / "docs/sec/page.md").write_text("# Page\n")
    assert f"{FIGURE}:1: no page includes this file written by bench/demo.py" in messages(tree)


def test_script_without_declaration(tree):
    write(tree, "bench/other.py", 'print(1.5)\n\nif __name__ == "__main__":\n    pass\n')
    assert "bench/other.py:1: declares no SCRIPT = Script(" in messages(tree)


def test_computed_declaration_is_rejected(tree):
    script = tree / "bench/demo.py"
    script.write_text(script.read_text().replace(
        'outputs=["snippets/sec/figures/demo.md",', 'outputs=[f"snippets/sec/figures/{1}.md",'))
    assert "literal lists" in messages(tree)


def test_hand_typed_banner_on_page(tree):
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + "\n```text\nmachine: 2 cores, AMD EPYC\npython:  CPython 3.11.7\n```\n")
    out = messages(tree)
    assert "docs/sec/page.md:17: hand-typed a machine banner" in out
    assert "docs/sec/page.md:18: hand-typed a Python version banner" in out


def test_hand_typed_measurement_table_on_page(tree):
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + "\n| case | median ms |\n| --- | ---: |\n| a | 1.5 |\n")
    assert "docs/sec/page.md:16: hand-typed measurement table" in messages(tree)


def test_hand_pasted_bench_output_on_page(tree):
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + "\n```console\n$ .venv/bin/python -m bench.demo\n0 1 4 9\n```\n")
    assert "docs/sec/page.md:16: hand-pasted output of a bench script" in messages(tree)


def test_bench_commands_alone_are_fine(tree):
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + "\n```console\n$ .venv/bin/python -m bench.demo   # squares\n```\n")
    assert messages(tree) == ""


def test_smoke_run_passes_and_writes_only_to_out_dir(tree, tmp_path_factory):
    before = (tree / FIGURE).read_text()
    out_dir = tmp_path_factory.mktemp("smoke")
    assert generated.smoke_problems(tree, "bench/demo.py", out_dir) == []
    assert "0 1\n" in (out_dir / FIGURE).read_text()
    assert (tree / FIGURE).read_text() == before


def test_script_failing_in_smoke_mode(tree, tmp_path_factory):
    script = tree / "bench/demo.py"
    script.write_text(script.read_text().replace('smoke=["--n", "2"]', 'smoke=["--n", "2", "--fail"]'))
    out = generated.smoke_problems(tree, "bench/demo.py", tmp_path_factory.mktemp("smoke"))
    assert out and out[0].startswith("bench/demo.py failed in smoke mode (exit 1)") and "demo failure" in out[0]


def test_script_writing_undeclared_file_in_smoke_mode(tree, tmp_path_factory):
    script = tree / "bench/demo.py"
    script.write_text(script.read_text().replace(
        "    SCRIPT.write(args,", "    (args.out_dir / 'extra.md').write_text('x')\n    SCRIPT.write(args,"))
    out = generated.smoke_problems(tree, "bench/demo.py", tmp_path_factory.mktemp("smoke"))
    assert out and "smoke run wrote ['extra.md', 'snippets/sec/figures/demo.csv'" in out[0]


def test_chart_and_data_are_written_with_the_figure(tree):
    chart, data = (tree / CHART).read_text(), (tree / DATA).read_text()
    assert parse_header(chart).script == parse_header(data).script == "bench/demo.py"
    assert body_of(chart).startswith("<svg ") and "<title>squares</title>" in chart
    assert body_of(data) == "i,square\n0,0\n1,1\n2,4\n3,9\n"


def test_missing_chart(tree):
    (tree / CHART).unlink()
    out = messages(tree)
    assert f"{CHART}:1: is missing (included by docs/sec/page.md; written by bench/demo.py" in out


def test_stale_chart_and_data(tree):
    script = tree / "bench/demo.py"
    script.write_text(script.read_text().replace("i * i", "i ** 2"))
    out = messages(tree)
    for rel in (FIGURE, CHART, DATA):
        assert f"{rel}:1: is stale: bench/demo.py changed since it was generated" in out


def test_hand_edited_chart_and_data(tree):
    for rel, old, new in ((CHART, "<title>squares</title>", "<title>cubes</title>"), (DATA, "3,9", "3,8")):
        path = tree / rel
        path.write_text(path.read_text().replace(old, new))
        assert f"{rel}:1: was edited by hand" in messages(tree)


def test_chart_or_data_included_by_no_page(tree):
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text().replace(f'--8<-- "{CHART}"\n', "").replace(f'    --8<-- "{DATA}"\n', ""))
    out = messages(tree)
    assert f"{CHART}:1: no page includes this file written by bench/demo.py" in out
    assert f"{DATA}:1: no page includes this file written by bench/demo.py" in out


@pytest.mark.parametrize("embed", [
    '--8<-- "snippets/sec/figures/typed.svg"',
    '--8<-- "snippets/sec/typed.svg"',
    "![a chart](../../snippets/sec/figures/typed.svg)",
    '<img alt="a chart" src="figures/typed.svg">',
    "[the data](figures/typed.csv)",
])
def test_page_embeds_chart_no_script_writes(tree, embed):
    for rel in ("snippets/sec/figures/typed.svg", "snippets/sec/typed.svg"):
        write(tree, rel, '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n')
    page = tree / "docs/sec/page.md"
    page.write_text(page.read_text() + f"\n{embed}\n")
    out = messages(tree)
    target = embed.split('"')[1] if embed.startswith(("--8<--", "<img")) else embed.split("(")[1].rstrip(")")
    assert f"docs/sec/page.md:16: " in out and target in out and "which no bench script writes" in out


def test_smoke_run_writes_chart_and_data_only_to_out_dir(tree, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("smoke")
    assert generated.smoke_problems(tree, "bench/demo.py", out_dir) == []
    assert (out_dir / CHART).read_text().count("<svg") == 1
    assert body_of((out_dir / DATA).read_text()) == "i,square\n0,0\n1,1\n"
