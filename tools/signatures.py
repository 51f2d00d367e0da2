"""The signature a reader implements, generated from the reference solution.

A problem page shows the statement and then the class/function stub the
reader has to write, before the (collapsed) solution. The stub is never typed
by hand: it is cut out of the solution module itself, so it cannot drift.

    python tools/signatures.py          list the stubs and whether they are current
    python tools/signatures.py --fix    (re)write every stub

``snippets/problems/signatures/<group>/<module>.py`` is the stub of
``snippets/problems/<group>/<module>.py``: the solution's public classes and
functions (those of ``__all__`` if it has one) with their decorators, signatures and docstrings exactly as written
(the contract), every body replaced by ``...``, and the imports those
signatures name. Private names (``_x``), module docstrings (they describe
the approach), comments inside bodies and module constants are left out.
tests/problems/test_signatures.py imports every stub, checks that it is
current and that every solution shown on a page has the stub's signatures.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "snippets" / "problems"
STUB_DIR = "signatures"
HEADER = "# Stub of {source} (tools/signatures.py): write the bodies."

# Methods a reader writes even though their names start with "_".
_DUNDER_KEPT = lambda name: name.startswith("__") and name.endswith("__")  # noqa: E731


def _public(name: str) -> bool:
    return not name.startswith("_") or _DUNDER_KEPT(name)


def _docstring(node: ast.AST) -> ast.Expr | None:
    body = getattr(node, "body", [])
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        return body[0]
    return None


class _Source:
    def __init__(self, text: str):
        self.lines = text.splitlines()

    def span(self, first: int, last: int) -> list[str]:
        """Source lines first..last (1-based, inclusive)."""
        return self.lines[first - 1 : last]


def _start(node: ast.AST) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _header(src: _Source, node: ast.FunctionDef | ast.ClassDef) -> list[str]:
    """Decorators and the ``def``/``class`` line(s), up to the body."""
    first_body = node.body[0].lineno
    if first_body == node.lineno:
        raise ValueError(f"line {node.lineno}: put the body of {node.name} on its own line")
    lines = src.span(_start(node), first_body - 1)
    while lines and (not lines[-1].strip() or lines[-1].strip().startswith("#")):
        lines.pop()  # comments between the signature and the body are not contract
    return lines


def _stub_def(src: _Source, node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    out = _header(src, node)
    doc = _docstring(node)
    if doc is not None:
        out += src.span(doc.lineno, doc.end_lineno)
    indent = " " * (node.body[0].col_offset)
    return out + [indent + "..."]


def _stub_class(src: _Source, node: ast.ClassDef) -> list[str]:
    out = _header(src, node)
    doc = _docstring(node)
    members: list[list[str]] = []
    if doc is not None:
        members.append(src.span(doc.lineno, doc.end_lineno))
    for child in node.body:
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and _public(child.name):
            members.append(_stub_def(src, child))
        elif isinstance(child, ast.ClassDef) and _public(child.name):
            members.append(_stub_class(src, child))
        elif isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name) and _public(child.target.id):
            members.append(src.span(child.lineno, child.end_lineno))  # dataclass-style fields
    if not members:
        members.append([" " * node.body[0].col_offset + "..."])
    for i, member in enumerate(members):
        if i and (len(member) > 1 or len(members[i - 1]) > 1):
            out.append("")
        out += member
    return out


def _exports(tree: ast.Module) -> set[str] | None:
    """The names of a literal ``__all__``, or None without one."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return None


def _names_used(code: str) -> set[str]:
    """Names a stub refers to, string annotations included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                names |= {n.id for n in ast.walk(ast.parse(node.value, mode="eval")) if isinstance(n, ast.Name)}
            except SyntaxError:
                pass  # a docstring or a plain string default
    return names


def _imports(tree: ast.Module, used: set[str]) -> list[str]:
    out = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            out.append(ast.unparse(node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            kept = [a for a in node.names if (a.asname or a.name.split(".")[0]) in used]
            if kept:
                node = ast.ImportFrom(node.module, kept, node.level) if isinstance(node, ast.ImportFrom) \
                    else ast.Import(kept)
                out.append(ast.unparse(node))
    return out


def stub(text: str, source: str) -> str:
    """The stub of a solution module's text (``source``, its file name, goes in the header)."""
    tree = ast.parse(text)
    src = _Source(text)
    exported = _exports(tree)
    blocks = []
    for node in tree.body:
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not (node.name in exported if exported is not None else _public(node.name)):
            continue
        blocks.append(_stub_class(src, node) if isinstance(node, ast.ClassDef) else _stub_def(src, node))
    if not blocks:
        raise ValueError(f"{source}: no public class or function to make a signature of")
    body = "\n\n\n".join("\n".join(b) for b in blocks)
    imports = _imports(tree, _names_used(body))
    head = [HEADER.format(source=source), ""]
    if imports:
        head += imports + ["", "", ""]
    else:
        head += [""]
    return "\n".join(head) + body + "\n"


def stub_path(solution: Path) -> Path:
    # beside the groups, not in them: a group folder is the declared input of
    # its benchmarks, which the stubs do not change
    return solution.parent.parent / STUB_DIR / solution.parent.name / solution.name


def solution_path(stub_file: Path) -> Path:
    return stub_file.parent.parent.parent / stub_file.parent.name / stub_file.name


def stub_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "snippets" / "problems" / STUB_DIR).glob("*/*.py"))


def expected(stub_file: Path, root: Path = ROOT) -> str:
    solution = solution_path(stub_file)
    return stub(solution.read_text(encoding="utf-8"), solution.name)


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    stale = 0
    for path in stub_files():
        want = expected(path)
        current = path.read_text(encoding="utf-8") == want
        if not current and fix:
            path.write_text(want, encoding="utf-8")
        stale += not current
        print(f"{'ok   ' if current else ('fixed' if fix else 'STALE')}  {path.relative_to(ROOT)}")
    for arg in argv:  # new stubs: python tools/signatures.py --fix snippets/problems/g/m.py
        if arg.endswith(".py"):
            solution = (ROOT / arg).resolve()
            target = stub_path(solution)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stub(solution.read_text(encoding="utf-8"), solution.name), encoding="utf-8")
            print(f"wrote  {target.relative_to(ROOT)}")
    return 1 if stale and not fix else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
