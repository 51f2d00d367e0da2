"""Proof that the hygiene checks have teeth.

Each test builds a small throwaway project in a temp dir, breaks it in one
way, and asserts that the matching check reports the file and line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support import hygiene

ROOT = Path(__file__).resolve().parents[2]

GOOD_MODULE = '''\
"""A tiny snippet."""
# --8<-- [start:body]
def double(x):
    return 2 * x
# --8<-- [end:body]
'''

PAGE = '''\
# Page

```python title="snippets/sec/mod.py"
--8<-- "snippets/sec/mod.py"
```

```python
assert 1 + 1 == 2
```

```python
--8<-- "snippets/sec/mod.py:body"
```
'''


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path, "docs/index.md", "# Home\n\n[Page](sec/page.md)\n")
    write(tmp_path, "docs/sec/page.md", PAGE)
    write(tmp_path, "snippets/sec/mod.py", GOOD_MODULE)
    write(tmp_path, "tests/__init__.py", "")
    write(tmp_path, "tests/sec/__init__.py", "")
    write(
        tmp_path,
        "tests/sec/test_mod.py",
        "from snippets.sec import mod\n\n\ndef test_double():\n    assert mod.double(2) == 4\n",
    )
    return tmp_path


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in hygiene.all_problems(root)]


def test_clean_tree_has_no_problems(tree):
    assert problems_of(tree) == []


@pytest.mark.parametrize(
    "fence",
    ["py", "python3", "pycon", 'python title="x.py"', "python linenums=\"1\"", "{.python}", "{.py .cls}"],
)
def test_silently_skipped_fence_is_reported(tree, fence):
    write(tree, "docs/sec/extra.md", f"# Extra\n\n```{fence}\nx = 1\n```\n")
    problems = hygiene.untestable_fences(tree)
    assert [(p.path, p.line) for p in problems] == [("docs/sec/extra.md", 3)]
    assert "not executed" in problems[0].message


def test_titled_include_only_fence_is_accepted(tree):
    assert hygiene.untestable_fences(tree) == []


def test_include_of_missing_file_is_reported(tree):
    write(tree, "docs/sec/extra.md", '# Extra\n\n```python\n--8<-- "snippets/sec/nope.py"\n```\n')
    problems = hygiene.broken_includes(tree)
    assert [(p.path, p.line) for p in problems] == [("docs/sec/extra.md", 4)]
    assert "missing file 'snippets/sec/nope.py'" in problems[0].message


def test_include_of_missing_section_is_reported(tree):
    write(tree, "docs/sec/extra.md", '# Extra\n\n--8<-- "snippets/sec/mod.py:nosuch"\n')
    problems = hygiene.broken_includes(tree)
    assert [(p.path, p.line) for p in problems] == [("docs/sec/extra.md", 3)]
    assert "missing section 'nosuch'" in problems[0].message


def test_existing_section_resolves(tree):
    write(tree, "docs/sec/extra.md", '# Extra\n\n```python\n--8<-- "snippets/sec/mod.py:body"\n```\n')
    assert hygiene.broken_includes(tree) == []


def test_escaped_include_is_not_an_include(tree):
    write(tree, "docs/sec/extra.md", '# Extra\n\n```markdown\n;--8<-- "snippets/sec/nope.py"\n```\n')
    assert hygiene.broken_includes(tree) == []


def test_include_from_outside_snippets_is_reported(tree):
    write(tree, "docs/sec/extra.md", '# Extra\n\n```python\n--8<-- "tests/sec/test_mod.py"\n```\n')
    problems = hygiene.includes_outside_snippets(tree)
    assert [(p.path, p.line) for p in problems] == [("docs/sec/extra.md", 4)]
    assert "must live in snippets/" in problems[0].message


def test_orphan_snippet_is_reported(tree):
    write(tree, "snippets/sec/lonely.py", "X = 1\n")
    write(tree, "tests/sec/test_lonely.py", "from snippets.sec import lonely\n")
    problems = hygiene.orphan_snippets(tree)
    assert [(p.path, p.line) for p in problems] == [("snippets/sec/lonely.py", 1)]


def test_markdown_fragment_included_by_an_included_file_is_not_orphan(tree):
    write(tree, "docs/sec/extra.md", '# Extra\n\n--8<-- "snippets/sec/outer.md"\n')
    write(tree, "snippets/sec/outer.md", 'Outer.\n\n--8<-- "snippets/sec/inner.md"\n')
    write(tree, "snippets/sec/inner.md", "Inner.\n")
    assert hygiene.orphan_snippets(tree) == []


def test_snippet_no_test_imports_is_reported(tree):
    write(tree, "snippets/sec/untested.py", "X = 1\n")
    write(tree, "docs/sec/extra.md", '# Extra\n\n```python\n--8<-- "snippets/sec/untested.py"\n```\n')
    problems = hygiene.untested_snippet_modules(tree)
    assert [(p.path, p.line) for p in problems] == [("snippets/sec/untested.py", 1)]
    assert "snippets.sec.untested" in problems[0].message


def test_import_through_a_tested_snippet_module_counts(tree):
    write(tree, "snippets/sec/cases.py", "from snippets.sec import helper\n")
    write(tree, "snippets/sec/helper.py", "X = 1\n")
    write(tree, "tests/sec/test_cases.py", "from snippets.sec import cases\n")
    assert hygiene.untested_snippet_modules(tree) == []
    (tree / "tests/sec/test_cases.py").unlink()
    problems = hygiene.untested_snippet_modules(tree)
    assert [p.path for p in problems] == ["snippets/sec/cases.py", "snippets/sec/helper.py"]


def test_import_from_another_section_does_not_count(tree):
    write(tree, "tests/other/__init__.py", "")
    write(tree, "tests/other/test_x.py", "from snippets.sec import mod\n")
    (tree / "tests/sec/test_mod.py").unlink()
    problems = hygiene.untested_snippet_modules(tree)
    assert [p.path for p in problems] == ["snippets/sec/mod.py"]


def test_snippet_syntax_error_is_reported_with_its_line(tree):
    write(tree, "snippets/sec/mod.py", GOOD_MODULE.replace("return 2 * x", "return 2 *"))
    problems = hygiene.syntax_errors(tree)
    assert [(p.path, p.line) for p in problems] == [("snippets/sec/mod.py", 4)]


def test_bad_module_needs_a_good_sibling(tree):
    write(tree, "snippets/lone/thing_bad.py", "X = 1\n")
    problems = hygiene.bad_modules_without_good_sibling(tree)
    assert [p.path for p in problems] == ["snippets/lone/thing_bad.py"]


# End to end: the real conftest, run by pytest on a throwaway tree.


def run_pytest(tree: Path) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "conftest.py", tree / "conftest.py")
    shutil.copytree(ROOT / "tests" / "support", tree / "tests" / "support")
    shutil.copytree(ROOT / "racecheck", tree / "racecheck", ignore=shutil.ignore_patterns("__pycache__"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--codeblocks",
         "--continue-on-collection-errors",
         "-o", "pythonpath=.", "docs", "tests"],
        cwd=tree, capture_output=True, text=True, timeout=120,
    )


def test_end_to_end_clean_tree_passes(tree):
    result = run_pytest(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    # One test, one inline block and two include blocks. The bare ```python
    # include block is deselected from pytest-codeblocks (its include line is
    # not Python) and checked by an include item like the titled one.
    assert "4 passed, 1 deselected" in result.stdout, result.stdout


def test_end_to_end_broken_include_fails_naming_file_and_line(tree):
    write(tree, "docs/sec/page.md", PAGE.replace("snippets/sec/mod.py\"", "snippets/sec/gone.py\""))
    result = run_pytest(tree)
    assert result.returncode != 0
    assert "docs/sec/page.md:4: includes missing file 'snippets/sec/gone.py'" in result.stdout


def test_end_to_end_included_syntax_error_fails_naming_file_and_line(tree):
    write(tree, "snippets/sec/mod.py", GOOD_MODULE.replace("return 2 * x", "return 2 *"))
    result = run_pytest(tree)
    assert result.returncode != 0
    # The include item names the page line and the snippet line; the test
    # that imports the module fails to collect with the same location.
    assert "included snippets/sec/mod.py:4: syntax error" in result.stdout, result.stdout


def test_end_to_end_failing_inline_block_names_its_line(tree):
    write(tree, "docs/sec/page.md", PAGE.replace("1 + 1 == 2", "1 + 1 == 3"))
    result = run_pytest(tree)
    assert result.returncode != 0
    assert "line 7" in result.stdout


BAD_MODULE = '"""Known-bad twin of mod."""\n\ndef double(x):\n    return x + x + 1\n'


@pytest.mark.parametrize(
    "page",
    [
        # bare, at top level
        '# Extra\n\n```python\n--8<-- "snippets/sec/mod_bad.py"\n```\n',
        # in an admonition that does not say Known-bad
        '# Extra\n\n!!! note "Attempt"\n\n    ```python\n    --8<-- "snippets/sec/mod_bad.py"\n    ```\n',
        # in a tab titled Known-bad, but a tab is not a warning box
        '# Extra\n\n=== "Known-bad: mod_bad.py"\n\n    ```python\n    --8<-- "snippets/sec/mod_bad.py"\n    ```\n',
        # after a Known-bad box has ended (the fence is back at top level)
        '# Extra\n\n!!! danger "Known-bad: x"\n    Text.\n\n```python\n--8<-- "snippets/sec/mod_bad.py"\n```\n',
    ],
    ids=["bare", "plain-admonition", "tab-only", "after-the-box"],
)
def test_known_bad_include_outside_a_container_is_reported(tree, page):
    write(tree, "snippets/sec/mod_bad.py", BAD_MODULE)
    write(tree, "docs/sec/extra.md", page)
    problems = hygiene.bad_code_outside_known_bad_container(tree)
    line = page.splitlines().index(next(t for t in page.splitlines() if "mod_bad.py\"" in t and "--8<--" in t)) + 1
    assert [(p.path, p.line) for p in problems] == [("docs/sec/extra.md", line)]
    assert "Known-bad" in problems[0].message


@pytest.mark.parametrize(
    "opener",
    ['!!! danger "Known-bad: mod_bad.py (do not copy)"', '??? failure "Known-bad: mod_bad.py"',
     '???+ bug "Known-bad"'],
)
def test_known_bad_include_in_a_container_is_accepted(tree, opener):
    write(tree, "snippets/sec/mod_bad.py", BAD_MODULE)
    write(
        tree, "docs/sec/extra.md",
        f'# Extra\n\n=== "Tab"\n\n    {opener}\n\n        ```python\n'
        '        --8<-- "snippets/sec/mod_bad.py"\n        ```\n',
    )
    assert hygiene.bad_code_outside_known_bad_container(tree) == []


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/vllm-project/vllm/blob/main/vllm/v1/engine/core.py",
        "https://github.com/sgl-project/sglang/tree/master/python/sglang/srt",
        "https://github.com/python/cpython/blob/3.11/Lib/queue.py",
        "https://raw.githubusercontent.com/pytorch/pytorch/main/torch/distributed/c10d_logger.py",
        "https://github.com/huggingface/tokenizers/blob/0123abc/bindings/python/src/lib.rs",
        "https://docs.vllm.ai/en/latest/design/arch_overview/",
        "https://pytorch.org/docs/stable/notes/ddp.html",
        "https://docs.pytorch.org/docs/main/data.html",
        "https://numpy.org/doc/stable/reference/thread_safety.html",
        "https://docs.python.org/3/library/threading.html#lock-objects",
        "https://docs.python.org/dev/library/queue.html#queue.Queue.shutdown",
        "https://www.kernel.org/doc/html/latest/RCU/whatisRCU.html",
        "https://docs.kernel.org/locking/lockdep-design.html",
        "https://clang.llvm.org/docs/ThreadSanitizer.html",
        "https://huggingface.co/docs/accelerate/concept_guides/gradient_synchronization",
        "https://huggingface.co/docs/transformers/main/en/fast_tokenizers",
    ],
    ids=["vllm-main", "sglang-master", "cpython-branch", "raw-main", "short-hash", "vllm-docs-latest",
         "torch-docs-stable", "torch-docs-main", "numpy-docs-stable", "python-docs-3", "python-docs-dev",
         "kernel-docs-latest", "kernel-docs-alias", "clang-docs", "hf-docs-unversioned", "hf-docs-main"],
)
def test_floating_source_link_is_reported(tree, link):
    write(tree, "docs/sec/extra.md", f"# Extra\n\nSee [the source]({link}).\n")
    write(tree, "snippets/sec/notes.md", f"- [source]({link})\n")
    problems = hygiene.unpinned_source_links(tree)
    assert [(p.path, p.line) for p in problems] == [("docs/sec/extra.md", 3), ("snippets/sec/notes.md", 1)]


@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/vllm-project/vllm/blob/v0.11.0/vllm/v1/engine/core.py",
        "https://github.com/python/cpython/blob/v3.11.7/Lib/queue.py",
        "https://github.com/NVIDIA/nccl-tests/blob/03a204a1f38aaea17f1a777885bb2d9600ba7eff/doc/PERFORMANCE.md",
        "https://github.com/golang/go/blob/go1.22.0/src/sync/rwmutex.go",
        "https://github.com/PyO3/pyo3/releases/tag/v0.26.0",
        "https://docs.vllm.ai/en/v0.5.3/models/engine_args.html",
        "https://docs.pytorch.org/docs/2.13/notes/ddp.html",
        "https://numpy.org/doc/2.4/reference/thread_safety.html",
        "https://docs.python.org/3.11/library/threading.html#lock-objects",
        "https://docs.python.org/3.14/howto/free-threading-python.html",
        "https://github.com/encode/httpx/blob/0.28.1/docs/async.md",
        "https://www.kernel.org/doc/html/v6.6/RCU/whatisRCU.html",
        "https://releases.llvm.org/19.1.0/tools/clang/docs/ThreadSanitizer.html",
        "https://huggingface.co/docs/accelerate/v1.10.1/en/concept_guides/gradient_synchronization",
    ],
)
def test_pinned_source_link_is_accepted(tree, link):
    write(tree, "docs/sec/extra.md", f"# Extra\n\nSee [the source]({link}).\n")
    assert hygiene.unpinned_source_links(tree) == []
