"""Reading the docs the way the build and the doc tests read them.

One parser for fences and ``--8<--`` includes, shared by the root conftest
(which turns include-only blocks into checks) and the hygiene tests (which
reject anything that would be skipped or broken). It follows the rules of
pytest-codeblocks 0.18 (a fence opens with three or more backticks and
closes with at least as many) and of pymdownx.snippets 13 with
``check_paths: true`` and named sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# docs/x.zh.md is the Chinese translation of docs/x.md (mkdocs-static-i18n,
# suffix layout; tools/i18n.py keeps the two in step). Checks that count or
# read the English pages (question pages, problem pages, reading times) skip it.
TRANSLATION_SUFFIX = ".zh.md"


def is_translation(path: Path) -> bool:
    """True for a translated page (``x.zh.md``), False for an English one."""
    return path.name.endswith(TRANSLATION_SUFFIX)


# Info strings pytest-codeblocks executes. Anything else is not run.
EXECUTED_SYNTAX = {"python", "sh", "bash"}

# Python-looking info strings that pytest-codeblocks skips without a word.
_PYTHONISH = re.compile(r"^(\{\s*\.?)?(py|python|python3|pycon|py3)\b", re.IGNORECASE)

# `--8<-- "path"` or `--8<-- "path:section"`; a leading `;` escapes it.
_INCLUDE = re.compile(r'^(?P<indent>\s*)(?P<escape>;?)-{1,}8<-{1,}\s+(?P<q>["\'])(?P<target>[^"\']+)(?P=q)\s*$')
_SECTION_MARK = re.compile(r"--8<--\s*\[(start|end):([A-Za-z0-9_.-]+)\]")


@dataclass(frozen=True)
class Fence:
    path: Path
    line: int  # 1-based line of the opening fence
    info: str  # the info string after the backticks, stripped
    body: list[str]

    @property
    def syntax(self) -> str:
        return self.info

    @property
    def is_pythonish(self) -> bool:
        return bool(_PYTHONISH.match(self.info))

    @property
    def is_executed(self) -> bool:
        return self.info in EXECUTED_SYNTAX

    @property
    def include_lines(self) -> list[tuple[int, "Include"]]:
        found = []
        for offset, text in enumerate(self.body, start=1):
            inc = parse_include(text)
            if inc is not None:
                found.append((self.line + offset, inc))
        return found

    @property
    def is_include_only(self) -> bool:
        return is_include_only(self.body)


@dataclass(frozen=True)
class Include:
    target: str  # as written, e.g. "snippets/x.py:section"
    escaped: bool

    @property
    def file(self) -> str:
        return self.target.partition(":")[0]

    @property
    def section(self) -> str | None:
        _, sep, section = self.target.partition(":")
        return section if sep else None


def parse_include(text: str) -> Include | None:
    m = _INCLUDE.match(text.rstrip("\n"))
    if m is None:
        return None
    return Include(target=m.group("target"), escaped=bool(m.group("escape")))


def is_include_only(lines: list[str]) -> bool:
    """True when every non-blank line is a live (unescaped) include."""
    body = [t for t in lines if t.strip()]
    return bool(body) and all(
        (inc := parse_include(t)) is not None and not inc.escaped for t in body
    )


def fences(path: Path) -> list[Fence]:
    """All top-level fenced blocks of a Markdown file, in order."""
    out: list[Fence] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        stripped = lines[i].lstrip()
        if stripped.startswith("```"):
            ticks = len(stripped) - len(stripped.lstrip("`"))
            info = stripped[ticks:].strip()
            start = i
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith("`" * ticks):
                body.append(lines[i])
                i += 1
            out.append(Fence(path, start + 1, info, body))
        i += 1
    return out


def includes(path: Path) -> list[tuple[int, Include]]:
    """Every live include line of a Markdown file, inside fences or not."""
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        inc = parse_include(text)
        if inc is not None and not inc.escaped:
            found.append((number, inc))
    return found


def sections(path: Path) -> set[str]:
    """Names of the ``[start:name]`` sections that also have an ``[end:name]``."""
    starts, ends = set(), set()
    for text in path.read_text(encoding="utf-8").splitlines():
        for kind, name in _SECTION_MARK.findall(text):
            (starts if kind == "start" else ends).add(name)
    return starts & ends


def include_problem(root: Path, inc: Include) -> str | None:
    """Why an include would break the build, or None if it resolves."""
    name, sep, section = inc.target.partition(":")
    target = root / name
    if not target.is_file():
        return f"includes missing file {name!r}"
    if sep and section not in sections(target):
        return f"includes missing section {section!r} of {name!r}"
    return None


# An admonition or collapsible block that marks known-bad code: a red type
# (danger, failure, bug) whose title starts with "Known-bad" (in the Chinese
# edition "已知有误", which keeps "Known-bad" in parentheses).
_KNOWN_BAD_OPENER = re.compile(r'^\s*(!!!|\?\?\?\+?)\s+(danger|failure|bug)\b[^"]*"(Known-bad\b|已知有误（Known-bad）)')


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def containers(lines: list[str], index: int) -> list[str]:
    """The lines that open the blocks containing ``lines[index]``, innermost
    first, by Markdown indentation: walking up, each non-blank line indented
    less than everything below it so far is the next enclosing block
    (an admonition, a tab, a list item, or a top-level paragraph)."""
    threshold = _indent(lines[index])
    found = []
    for text in reversed(lines[:index]):
        if text.strip() and _indent(text) < threshold:
            found.append(text)
            threshold = _indent(text)
            if threshold == 0:
                break
    return found


def is_known_bad_opener(text: str) -> bool:
    return bool(_KNOWN_BAD_OPENER.match(text))


def known_bad_marked(path: Path, line: int) -> bool:
    """True when the 1-based ``line`` of ``path`` sits inside a Known-bad container."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return any(is_known_bad_opener(t) for t in containers(lines, line - 1))
