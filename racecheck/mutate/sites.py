"""Mutation sites of a module, equivalent-mutant declarations, and the tests to run.

A site can be declared equivalent where it lives, on the mutated line:

    self._count += 1  # mutant: equivalent moved-out-of-with -- <a reason a reviewer can check>

Several operators of one line share a declaration: ``equivalent notify-dropped,
notify_all-to-notify -- <reason>``.

The declaration excludes that operator's sites on that line from the score;
the runner still runs them, so a declaration whose mutant is killed is
reported as stale.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from .operators import OPERATORS, Kinds, Site, Source

DECLARATION = re.compile(r"#\s*mutant:\s*equivalent\b(?P<rest>.*)$")
_WELL_FORMED = re.compile(r"^\s+(?P<operators>[\w-]+(?:\s*,\s*[\w-]+)*)\s+--\s+(?P<reason>\S.*?)\s*$")


@dataclass(frozen=True)
class Declaration:
    line: int
    operator: str
    reason: str


@dataclass
class ModuleSites:
    """What the site finder knows of one module."""

    path: str  # relative to the project root, with forward slashes
    sites: list[Site] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # unparsable module, malformed declarations

    def declared(self, site: Site) -> Declaration | None:
        for d in self.declarations:
            if d.line == site.line and d.operator == site.operator:
                return d
        return None


def find_sites(root: Path, path: Path, operators: dict | None = None) -> ModuleSites:
    """Every site of every operator in ``path``, in source order; never raises on bad input."""
    rel = path.relative_to(root).as_posix()
    result = ModuleSites(rel)
    try:
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=rel)
    except (SyntaxError, UnicodeDecodeError, ValueError) as exc:
        result.problems.append(f"does not parse: {exc}")
        return result
    src = Source(text)
    kinds = Kinds(tree)
    for name, operator in (operators or OPERATORS).items():
        try:
            found = list(operator(tree, src, kinds))
        except Exception as exc:  # noqa: BLE001 - an operator bug is a named line, not a crash
            result.problems.append(f"operator {name} failed: {exc!r}")
            continue
        for site in found:
            try:
                compile(site.apply(text), rel, "exec")
            except SyntaxError as exc:  # an operator bug: report, never run
                result.problems.append(f"line {site.line}: {name} makes invalid code ({exc.msg})")
                continue
            result.sites.append(site)
    result.sites.sort(key=lambda s: (s.line, s.operator, s.description))
    for lineno, line in enumerate(src.lines, 1):
        found = DECLARATION.search(line)
        if not found:
            continue
        parts = _WELL_FORMED.match(found.group("rest"))
        if not parts:
            result.problems.append(
                f"line {lineno}: malformed declaration (want '# mutant: equivalent <operator> -- <reason>')")
        else:
            for operator in (o.strip() for o in parts.group("operators").split(",")):
                if operator not in OPERATORS:
                    result.problems.append(f"line {lineno}: declaration names unknown operator {operator!r}")
                else:
                    result.declarations.append(Declaration(lineno, operator, parts.group("reason")))
    for d in result.declarations:
        if not any(s.line == d.line and s.operator == d.operator for s in result.sites):
            result.problems.append(f"line {d.line}: declaration for {d.operator}, but no such site on that line")
    return result


def module_name(root: Path, path: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def imported_names(tree: ast.AST) -> set[str]:
    """Module names a file imports, including ``from pkg import module``
    and module names passed as strings (``importlib.import_module``)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)
    return names


class ImportGraph:
    """Which project modules each project module imports (tests/ and snippets/)."""

    def __init__(self, root: Path, folders=("tests", "snippets")):
        self.root = root
        self.files: dict[str, Path] = {}
        for folder in folders:
            for path in sorted((root / folder).rglob("*.py")):
                if "__pycache__" not in path.parts:
                    self.files[module_name(root, path)] = path
        self.edges: dict[str, set[str]] = {}
        for name, path in self.files.items():
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError, ValueError):
                self.edges[name] = set()
                continue
            self.edges[name] = imported_names(tree) & self.files.keys()

    def reach(self, name: str) -> set[str]:
        """``name`` and every project module it imports, directly or not."""
        seen, todo = {name}, [name]
        while todo:
            for dep in self.edges.get(todo.pop(), ()):
                if dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        return seen

    def users(self, module: str) -> list[str]:
        """Snippet modules that import ``module``, directly or not (itself included)."""
        return sorted(m for m in self.files if m.startswith("snippets.") and module in self.reach(m))

    def tests_of(self, module: str) -> list[Path]:
        """Test files (tests/**/test_*.py) that import ``module``, directly or through helpers."""
        return [
            path for name, path in self.files.items()
            if name.startswith("tests.") and path.name.startswith("test_") and module in self.reach(name)
        ]
