"""The problem pages' shared template (docs/problems/<group>/<slug>.md).

Every problem page says, right under its title, how hard it is and what it
practises, in one line::

    **Difficulty:** Easy|Medium|Hard · **Concepts:** a, b, c

and shows the statement before the solution, with the solution collapsed
(practice mode)::

    ## The problem            (or "## Problem")
    ...
    ## Reference solution     (or "## Solution" / "## Solutions")

    ??? success "Reference solution: try it first"

        ...everything of the section, indented...

docs/problems/index.md repeats every page's difficulty and concepts in its
tables, ``| [Title](group/slug.md) | Difficulty | concepts |``, and lists it
under its difficulty in "By difficulty". ``page_problems`` and
``index_problems`` return what is wrong ([] when all conforms).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.markdown import is_translation

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "problems"

DIFFICULTIES = ("Easy", "Medium", "Hard")
SOLUTION_BOX = '??? success "Reference solution: try it first"'
_META = re.compile(r"^\*\*Difficulty:\*\* (?P<difficulty>\S+) · \*\*Concepts:\*\* (?P<concepts>.+)$")
_STATEMENT = re.compile(r"^## (The problem|Problem)\s*$")
_SOLUTION = re.compile(r"^## (Solutions?|Reference solution)\s*$")
_ROW = re.compile(r"^\| \[(?P<title>[^\]]+)\]\((?P<key>[a-z0-9-]+/[a-z0-9-]+)\.md\) \| (?P<difficulty>\w+) \| (?P<concepts>.+) \|$")


def problem_pages(docs: Path = DOCS) -> list[Path]:
    """Every English problem page (translations such as ``x.zh.md`` skipped)."""
    return sorted(p for p in docs.glob("*/*.md") if p.name != "index.md" and not is_translation(p))


def meta(text: str) -> tuple[str, list[str]] | None:
    """(difficulty, concepts) from the line under the title, or None."""
    lines = [t for t in text.splitlines()[1:] if t.strip()]
    m = _META.match(lines[0]) if lines else None
    if not m:
        return None
    return m["difficulty"], [c.strip() for c in m["concepts"].split(",") if c.strip()]


def page_problems(text: str) -> list[str]:
    lines = text.splitlines()
    problems = []
    found = meta(text)
    if found is None:
        problems.append("the line under the title must be '**Difficulty:** ... · **Concepts:** ...'")
    else:
        if found[0] not in DIFFICULTIES:
            problems.append(f"difficulty {found[0]!r} is not one of {DIFFICULTIES}")
        if not found[1]:
            problems.append("no concepts listed")
    statement = [i for i, t in enumerate(lines) if _STATEMENT.match(t)]
    solution = [i for i, t in enumerate(lines) if _SOLUTION.match(t)]
    if len(statement) != 1 or len(solution) != 1:
        return problems + ["expected one '## The problem' and one '## Reference solution' heading"]
    if statement[0] > solution[0]:
        problems.append("the statement must come before the solution")
    start = solution[0] + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    body = [t for t in lines[start:end] if t.strip()]
    if not body or body[0] != SOLUTION_BOX:
        problems.append(f"the solution must be collapsed: the section starts with {SOLUTION_BOX}")
    elif not all(t.startswith("    ") for t in body[1:]) or len(body) < 2:
        problems.append("everything in the solution section belongs inside the collapsed box (indent 4)")
    return problems


def index_problems(docs: Path = DOCS) -> list[str]:
    """docs/problems/index.md lists every page once, with the page's own
    difficulty and concepts, and under its difficulty in "By difficulty"."""
    index = (docs / "index.md").read_text(encoding="utf-8")
    rows = {}
    problems = []
    for m in map(_ROW.match, index.splitlines()):
        if m:
            if m["key"] in rows:
                problems.append(f"index.md lists {m['key']} twice")
            rows[m["key"]] = (m["difficulty"], [c.strip() for c in m["concepts"].split(",")])
    by_difficulty = {
        d: line for line in index.splitlines() for d in DIFFICULTIES if line.startswith(f"- **{d}** (")
    }
    pages = {p.relative_to(docs).with_suffix("").as_posix(): p for p in problem_pages(docs)}
    for key, page in pages.items():
        found = meta(page.read_text(encoding="utf-8"))
        if key not in rows:
            problems.append(f"index.md has no table row for {key}")
        elif found and rows[key] != found:
            problems.append(f"index.md row for {key} says {rows[key]}, the page says {found}")
        if found and f"]({key}.md)" not in by_difficulty.get(found[0], ""):
            problems.append(f"index.md 'By difficulty' does not list {key} under {found[0]}")
    for key in rows.keys() - pages.keys():
        problems.append(f"index.md lists {key}, which is not a problem page")
    for d, line in by_difficulty.items():
        count = sum(1 for k, p in pages.items() if (meta(p.read_text(encoding='utf-8')) or ("",))[0] == d)
        if f"- **{d}** ({count}):" not in line:
            problems.append(f"index.md 'By difficulty' count for {d} is not {count}")
    return problems
