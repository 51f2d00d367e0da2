"""The signature blocks of the problem pages (tools/signatures.py).

Each stub under snippets/problems/signatures/<group>/ is cut out of its
reference solution, so it is checked three ways: it is current (the tool
would write the same text), it runs (imported here: its imports, decorators
and defaults evaluate) and declares the solution's API with the same
parameters, and every good solution a page shows has the signatures of a
stub the page shows (the LeetCode pages show one stub for several
solutions). The tests at the end prove that the checks can fail.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from tests.problems.pages import problem_pages, signature_files, solution_files
from tools import signatures

ROOT = Path(__file__).resolve().parents[2]

# Spelled out, so that the docs-hygiene check sees each stub imported by a test.
STUBS = (
    "snippets.problems.signatures.leetcode.p1114_print_in_order_event",
    "snippets.problems.signatures.leetcode.p1115_print_foobar_alternately_semaphore",
    "snippets.problems.signatures.leetcode.p1116_print_zero_even_odd_semaphore",
    "snippets.problems.signatures.leetcode.p1117_building_h2o_barrier",
    "snippets.problems.signatures.leetcode.p1188_bounded_blocking_queue_condition",
    "snippets.problems.signatures.leetcode.p1195_fizz_buzz_multithreaded_condition",
    "snippets.problems.signatures.leetcode.p1226_dining_philosophers_ordered",
    "snippets.problems.signatures.leetcode.p1242_web_crawler_multithreaded_condition",
    "snippets.problems.signatures.leetcode.p1279_traffic_light_lock",
    "snippets.problems.signatures.primitives.bounded_queue",
    "snippets.problems.signatures.primitives.countdown_latch",
    "snippets.problems.signatures.primitives.kv_block_allocator",
    "snippets.problems.signatures.primitives.lru_cache",
    "snippets.problems.signatures.primitives.model_registry",
    "snippets.problems.signatures.primitives.rw_lock",
    "snippets.problems.signatures.primitives.single_flight",
    "snippets.problems.signatures.serving.accumulator",
    "snippets.problems.signatures.serving.dynamic_batcher",
    "snippets.problems.signatures.serving.rate_limiter",
    "snippets.problems.signatures.serving.rate_limiter_async",
    "snippets.problems.signatures.serving.token_fanout",
    "snippets.problems.signatures.serving.worker_pool",
)


def _path(module: str) -> Path:
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def test_every_stub_is_listed():
    assert sorted(map(_path, STUBS)) == signatures.stub_files(ROOT)


@pytest.mark.parametrize("module", STUBS, ids=lambda m: m.rsplit(".", 1)[1])
def test_stub_is_current(module):
    path = _path(module)
    assert path.read_text(encoding="utf-8") == signatures.expected(path, ROOT), (
        f"{path.relative_to(ROOT)} is stale: run `python tools/signatures.py --fix`"
    )


def _api(tree: ast.Module) -> dict[str, list[str] | None]:
    """Public class -> its public methods' parameter names, function -> its
    parameter names: read from a solution's source."""
    exported = signatures._exports(tree)

    def params(f):
        a = f.args
        return [x.arg for x in [*a.posonlyargs, *a.args]] + ([a.vararg.arg] if a.vararg else []) \
            + [x.arg for x in a.kwonlyargs] + ([a.kwarg.arg] if a.kwarg else [])

    out: dict = {}
    for node in tree.body:
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not (node.name in exported if exported is not None else signatures._public(node.name)):
            continue
        if isinstance(node, ast.ClassDef):
            for f in node.body:
                if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and signatures._public(f.name):
                    out[f"{node.name}.{f.name}"] = params(f)
        else:
            out[node.name] = params(node)
    return out


def _runtime_params(obj) -> list[str]:
    if isinstance(obj, property):
        obj = obj.fget
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    return list(inspect.signature(obj).parameters)


@pytest.mark.parametrize("module", STUBS, ids=lambda m: m.rsplit(".", 1)[1])
def test_stub_runs_and_declares_the_solution_api(module):
    stub = importlib.import_module(module)
    solution = signatures.solution_path(_path(module))
    expected = _api(ast.parse(solution.read_text(encoding="utf-8")))
    assert expected, solution
    for name, params in expected.items():
        owner, _, attr = name.rpartition(".")
        obj = inspect.getattr_static(getattr(stub, owner), attr) if owner else getattr(stub, attr)
        assert _runtime_params(obj) == params, f"{module}.{name}"


def _shape(stub_text: str) -> str:
    """A stub without docstrings and comments: the signatures alone."""
    tree = ast.parse(stub_text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and signatures._docstring(node) is not None:
            node.body = body[1:] or [ast.Expr(ast.Constant(...))]
    return ast.dump(tree)


def signature_problems(page_text: str, root: Path = ROOT) -> list[str]:
    """Every good solution on the page has the signatures of a stub the page shows."""
    shown = {f: _shape((root / f).read_text(encoding="utf-8")) for f in signature_files(page_text)}
    problems = []
    for f in solution_files(page_text):
        text = (root / f).read_text(encoding="utf-8")
        if _shape(signatures.stub(text, Path(f).name)) not in shown.values():
            problems.append(f"{f} does not have the signatures of any stub shown: {sorted(shown)}")
    return problems


@pytest.mark.parametrize("page", problem_pages(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_solution_on_the_page_implements_the_signature_shown(page):
    text = page.read_text(encoding="utf-8")
    assert signature_files(text), "no signature block (tests/problems/pages.py)"
    assert solution_files(text), "no solution module found"
    assert signature_problems(text) == []


# The checks must be able to fail.

SOLUTION = ROOT / "snippets" / "problems" / "primitives" / "rw_lock.py"


def test_a_changed_solution_makes_its_stub_stale():
    text = SOLUTION.read_text(encoding="utf-8")
    current = signatures.expected(signatures.stub_path(SOLUTION), ROOT)
    changed = text.replace("def acquire_read(self, blocking=True, timeout=-1):",
                           "def acquire_read(self, blocking=True, timeout=None):", 1)
    assert changed != text
    assert signatures.stub(changed, SOLUTION.name) != current
    assert signatures.stub(text, SOLUTION.name) == current


def test_a_variant_with_another_signature_is_named(tmp_path):
    page = next(p for p in problem_pages() if p.name.startswith("1114-"))
    text = page.read_text(encoding="utf-8")
    assert signature_problems(text) == []
    variant = "snippets/problems/leetcode/p1114_print_in_order_semaphore.py"
    copy = tmp_path / variant
    copy.parent.mkdir(parents=True)
    copy.write_text((ROOT / variant).read_text(encoding="utf-8")
                    .replace("def third(self, printThird", "def third(self, print_third", 1), encoding="utf-8")
    for f in signature_files(text):
        (tmp_path / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f).write_text((ROOT / f).read_text(encoding="utf-8"), encoding="utf-8")
    for f in solution_files(text):
        if f != variant:
            (tmp_path / f).write_text((ROOT / f).read_text(encoding="utf-8"), encoding="utf-8")
    problems = signature_problems(text, tmp_path)
    assert len(problems) == 1 and variant in problems[0], problems


def test_private_helpers_and_bodies_stay_out_of_the_stub():
    text = '"""Module docstring: the approach."""\nimport threading\nfrom typing import Callable\n\n\n' \
        "class _Helper:\n    pass\n\n\n" \
        "class Foo:\n    \"\"\"Contract.\"\"\"\n\n    def __init__(self, n: int = 1) -> None:\n" \
        "        self._lock = threading.Lock()  # a comment\n\n" \
        "    def run(self, cb: \"Callable[[], None]\") -> None:\n        cb()\n\n" \
        "    def _step(self):\n        pass\n"
    out = signatures.stub(text, "foo.py")
    assert "class Foo:" in out and '"""Contract."""' in out and "from typing import Callable" in out
    assert "def __init__(self, n: int = 1) -> None:" in out
    for leaked in ("approach", "_Helper", "_step", "threading", "self._lock", "cb()", "a comment"):
        assert leaked not in out, leaked
    compile(out, "stub", "exec")
