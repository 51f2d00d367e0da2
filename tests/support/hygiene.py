"""Docs hygiene: the checks that keep "every snippet is tested" true.

Each check takes the repository root and returns a list of `Problem`s, each
naming a file and line, so the same code checks the real tree and the
throwaway trees of the bad-input tests.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

# How a file's imports are read is the mutation runner's too (which tests run on a mutant).
from racecheck.mutate.sites import imported_names, module_name
from tests.support.markdown import Include, fences, include_problem, includes, known_bad_marked


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _pages(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def _snippet_files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in (root / "snippets").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def untestable_fences(root: Path) -> list[Problem]:
    """Python fences that pytest-codeblocks would skip silently.

    A Python-looking fence must either be a bare ``python`` block (executed)
    or contain nothing but includes (checked by the include items).
    """
    problems = []
    for page in _pages(root):
        for fence in fences(page):
            if fence.is_pythonish and not fence.is_executed and not fence.is_include_only:
                problems.append(
                    Problem(
                        _rel(root, page),
                        fence.line,
                        f"fence '```{fence.info}' is not executed by pytest-codeblocks; "
                        "use a bare '```python' fence or include the code from snippets/",
                    )
                )
    return problems


def _all_includes(root: Path) -> list[tuple[Path, int, Include]]:
    """Includes of every page, and of every Markdown file those include."""
    seen: set[Path] = set()
    todo = _pages(root)
    found = []
    while todo:
        md = todo.pop()
        if md in seen:
            continue
        seen.add(md)
        for line, inc in includes(md):
            found.append((md, line, inc))
            target = root / inc.file
            if target.suffix == ".md" and target.is_file():
                todo.append(target)
    return found


all_includes = _all_includes  # public: tests/support/generated.py reads the same includes


def broken_includes(root: Path) -> list[Problem]:
    problems = []
    for md, line, inc in _all_includes(root):
        why = include_problem(root, inc)
        if why:
            problems.append(Problem(_rel(root, md), line, why))
    return sorted(problems)


def includes_outside_snippets(root: Path) -> list[Problem]:
    """Published code comes from snippets/ only, never from tests/ or elsewhere."""
    return sorted(
        Problem(_rel(root, md), line, f"includes {inc.file!r}: published code must live in snippets/")
        for md, line, inc in _all_includes(root)
        if not inc.file.startswith("snippets/")
    )


def orphan_snippets(root: Path) -> list[Problem]:
    included = {(root / inc.file).resolve() for _, _, inc in _all_includes(root)}
    return [
        Problem(_rel(root, f), 1, "snippet file is not included by any page")
        for f in _snippet_files(root)
        if f.resolve() not in included
    ]


def _parsed_imports(path: Path) -> set[str]:
    try:
        return imported_names(ast.parse(path.read_text(encoding="utf-8")))
    except SyntaxError:
        return set()  # reported by syntax_errors and by pytest itself


def untested_snippet_modules(root: Path) -> list[Problem]:
    """Snippet modules that no test in the mirrored tests/ folder imports.

    ``snippets/<section>/.../m.py`` must be imported by some file under
    ``tests/<section>/``, directly or through another snippet module of the
    section that such a test imports, so the test of a snippet is found by
    its path.
    """
    modules = {
        module_name(root, m): m for m in _snippet_files(root) if m.suffix == ".py"
    }
    by_section: dict[str, set[str]] = {}
    for name in modules:
        by_section.setdefault(name.split(".")[1], set()).add(name)
    tested: set[str] = set()
    for section, names in by_section.items():
        tests_dir = root / "tests" / section
        reached = set()
        for test in tests_dir.rglob("*.py") if tests_dir.is_dir() else []:
            reached |= _parsed_imports(test) & names
        todo = list(reached)
        while todo:  # modules imported by tested snippet modules are tested too
            for name in _parsed_imports(modules[todo.pop()]) & names:
                if name not in reached:
                    reached.add(name)
                    todo.append(name)
        tested |= reached
    return [
        Problem(_rel(root, path), 1, f"no test under tests/{name.split('.')[1]}/ imports {name}")
        for name, path in sorted(modules.items())
        if name not in tested
    ]


def syntax_errors(root: Path) -> list[Problem]:
    problems = []
    for module in _snippet_files(root):
        if module.suffix != ".py":
            continue
        try:
            compile(module.read_text(encoding="utf-8"), str(module), "exec")
        except SyntaxError as e:
            problems.append(Problem(_rel(root, module), e.lineno or 1, f"syntax error: {e.msg}"))
    return problems


def bad_modules_without_good_sibling(root: Path) -> list[Problem]:
    """A ``*_bad.py`` module stands beside the good code it warns about."""
    problems = []
    for module in _snippet_files(root):
        if module.name.endswith("_bad.py"):
            good = [
                p for p in module.parent.glob("*.py") if not p.name.endswith("_bad.py")
            ]
            if not good:
                problems.append(
                    Problem(_rel(root, module), 1, "known-bad module has no good module beside it")
                )
    return problems


def bad_code_outside_known_bad_container(root: Path) -> list[Problem]:
    """Known-bad code looks known-bad: every include of a ``*_bad.py`` module
    sits inside an admonition such as ``!!! danger "Known-bad: ..."`` or
    ``??? failure "Known-bad: ..."`` (a red type, a title starting with
    "Known-bad"), so that nobody copies it by mistake."""
    return sorted(
        Problem(
            _rel(root, md),
            line,
            f"includes known-bad {inc.file!r} outside a container; indent it under "
            "'!!! danger \"Known-bad: ...\"' (or '??? failure \"Known-bad: ...\"')",
        )
        for md, line, inc in _all_includes(root)
        if inc.file.endswith("_bad.py") and not known_bad_marked(md, line)
    )


# A link into a project's source names the exact code it describes: a release
# tag ("v0.11.0", "v3.11.7", "go1.22.0") or a full commit hash. A branch
# ("main", "master", "3.11", "HEAD") moves after the page is written, and a
# docs site's "latest"/"stable" alias changes with every release.
_GITHUB_SOURCE = re.compile(
    r"https?://(?:www\.)?github\.com/(?P<repo>[\w.-]+/[\w.-]+)/(?:blob|tree|raw)/(?P<ref>[^/\s)\]>\"']+)"
    r"|https?://raw\.githubusercontent\.com/(?P<rawrepo>[\w.-]+/[\w.-]+)/(?P<rawref>[^/\s)\]>\"']+)"
)
# Bare three-part release tags ("0.28.1", httpx's style) count as pinned; a
# two-part name ("3.11") is a maintenance branch and does not.
_PINNED_REF = re.compile(r"[0-9a-f]{40}|(?:v|go)\d[\w.+-]*|\d+\.\d+\.\d+[\w.+-]*")
_FLOATING_DOCS = re.compile(
    r"https?://(?:docs\.vllm\.ai/en/(?:latest|stable)"
    r"|docs\.python\.org/(?:3|dev)"
    r"|www\.kernel\.org/doc/html/latest|docs\.kernel\.org"
    r"|clang\.llvm\.org/docs"
    r"|huggingface\.co/docs/[\w-]+/(?!v\d)[\w-]+"
    r"|(?:docs\.)?pytorch\.org/docs/(?:stable|main|master)"
    r"|numpy\.org/doc/(?:stable|dev))/[^\s)\]>\"']*"
)


def _linkable_files(root: Path) -> list[Path]:
    """Pages and the published text included into them (snippets' .md and .py)."""
    return _pages(root) + [f for f in _snippet_files(root) if f.suffix in {".md", ".py"}]


def unpinned_source_links(root: Path) -> list[Problem]:
    """Every link into a project's source on GitHub pins a tag or a commit,
    and no link goes to a docs alias that moves with each release (vLLM's
    ``/en/latest/``, PyTorch's and NumPy's ``stable``, Python's ``/3/`` and
    ``/dev/``): a claim about a library names the version it was checked
    against."""
    problems = []
    for path in _linkable_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _GITHUB_SOURCE.finditer(line):
                repo = match["repo"] or match["rawrepo"]
                ref = match["ref"] or match["rawref"]
                if not _PINNED_REF.fullmatch(ref):
                    problems.append(Problem(
                        _rel(root, path), number,
                        f"link into {repo} at {ref!r}: pin a release tag (v1.2.3) or a full commit hash",
                    ))
            for match in _FLOATING_DOCS.finditer(line):
                problems.append(Problem(
                    _rel(root, path), number,
                    f"{match.group(0)} moves with each release: link the page of the version "
                    "the claim was checked against (e.g. docs.python.org/3.11/, docs/2.13/, doc/2.4/) "
                    "or the source at a tag",
                ))
    return sorted(problems)


ALL_CHECKS = (
    untestable_fences,
    broken_includes,
    includes_outside_snippets,
    orphan_snippets,
    untested_snippet_modules,
    syntax_errors,
    bad_modules_without_good_sibling,
    bad_code_outside_known_bad_container,
    unpinned_source_links,
)


def all_problems(root: Path) -> list[Problem]:
    return [p for check in ALL_CHECKS for p in check(root)]
