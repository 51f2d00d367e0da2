"""Difficulty and concepts: how hard a page is and what it practises.

Every problem page (docs/problems/<group>/<slug>.md) and every interview
question page (docs/interview/<group>/<slug>.md) says so in one line right
under its title, in both editions::

    **Difficulty:** Easy|Medium|Hard · **Concepts:** a, b, c
    **难度：** 简单|中等|困难 · **概念：** a、b、c

The index pages repeat it so that a reader can scan them: a table row
``| [Title](target.md) | Difficulty | concepts | ... |`` per page, and a
"By difficulty" list ``- **Easy** (n): [Title](target.md), ...``
(``- **简单**（n）：...`` in Chinese), the links on that line or in a list
indented under it. The functions below read those lines;
``page_level_problems`` and ``index_level_problems`` return what is wrong
([] when everything agrees) so that tests can name the page and the line.
A Chinese concept may carry its English term at first use, ``死锁（deadlock）``:
comparisons ignore the parenthesised part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.support.markdown import is_translation

DIFFICULTIES = {"en": ("Easy", "Medium", "Hard"), "zh": ("简单", "中等", "困难")}
_META = {
    "en": re.compile(r"^\*\*Difficulty:\*\* (?P<difficulty>\S+) · \*\*Concepts:\*\* (?P<concepts>.+)$"),
    "zh": re.compile(r"^\*\*难度：\*\* (?P<difficulty>\S+) · \*\*概念：\*\* (?P<concepts>.+)$"),
}
_SEPARATOR = {"en": ",", "zh": "、"}
_ROW = re.compile(r"^\| \[(?P<title>[^\]]+)\]\((?P<target>[a-z0-9/-]+)\.md\) \| (?P<difficulty>[^|\s]+) \| (?P<concepts>[^|]+) \|")
_BY_DIFFICULTY = {
    "en": re.compile(r"^- \*\*(?P<difficulty>\S+)\*\* \((?P<count>\d+)\):\s*(?P<links>.*)$"),
    "zh": re.compile(r"^- \*\*(?P<difficulty>\S+)\*\*（(?P<count>\d+)）：\s*(?P<links>.*)$"),
}
_LINK = re.compile(r"\]\((?P<target>[a-z0-9/-]+)\.md\)")
_ENGLISH_GLOSS = re.compile(r"（[^（）]*）")


@dataclass(frozen=True)
class Level:
    difficulty: str
    concepts: tuple[str, ...]

    def key(self) -> tuple[str, tuple[str, ...]]:
        """What two mentions of one page must agree on (glosses dropped)."""
        return self.difficulty, tuple(_ENGLISH_GLOSS.sub("", c).strip() for c in self.concepts)


def lang(path: Path) -> str:
    return "zh" if is_translation(path) else "en"


def _split(concepts: str, language: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in concepts.split(_SEPARATOR[language]) if c.strip())


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)  # a Chinese page's english_sha256 stamp


def level(text: str, language: str = "en") -> Level | None:
    """The difficulty and concepts on the first line under the title, or None."""
    lines = [t for t in _FRONT_MATTER.sub("", text, count=1).lstrip("\n").splitlines()[1:] if t.strip()]
    m = _META[language].match(lines[0]) if lines else None
    return Level(m["difficulty"], _split(m["concepts"], language)) if m else None


def page_level_problems(text: str, language: str = "en") -> list[str]:
    found = level(text, language)
    if found is None:
        example = "**Difficulty:** ... · **Concepts:** ..." if language == "en" else "**难度：** ... · **概念：** ..."
        return [f"the line under the title must be '{example}'"]
    problems = []
    if found.difficulty not in DIFFICULTIES[language]:
        problems.append(f"difficulty {found.difficulty!r} is not one of {DIFFICULTIES[language]}")
    if not found.concepts:
        problems.append("no concepts listed")
    return problems


def translation_level_problems(english: str, chinese: str) -> list[str]:
    """The Chinese page has the English page's difficulty and as many concepts."""
    en, zh = level(english, "en"), level(chinese, "zh")
    if en is None or zh is None or en.difficulty not in DIFFICULTIES["en"]:
        return []  # reported by page_level_problems
    problems = []
    expected = DIFFICULTIES["zh"][DIFFICULTIES["en"].index(en.difficulty)]
    if zh.difficulty != expected:
        problems.append(f"the Chinese page says {zh.difficulty!r}, the English page {en.difficulty!r} ({expected})")
    if len(zh.concepts) != len(en.concepts):
        problems.append(f"the Chinese page lists {len(zh.concepts)} concepts, the English page {len(en.concepts)}")
    return problems


def index_rows(text: str, language: str = "en") -> dict[str, Level]:
    """Table rows ``| [Title](target.md) | difficulty | concepts | ...``, by target."""
    rows = {}
    for m in map(_ROW.match, text.splitlines()):
        if m:
            rows.setdefault(m["target"], []).append(Level(m["difficulty"], _split(m["concepts"], language)))
    return rows


def by_difficulty(text: str, language: str = "en") -> dict[str, tuple[int, list[str]]]:
    """The "By difficulty" list: difficulty -> (count it states, targets it links)."""
    found = {}
    lines = text.splitlines()
    for i, m in enumerate(map(_BY_DIFFICULTY[language].match, lines)):
        if m and m["difficulty"] in DIFFICULTIES[language]:
            links = _LINK.findall(m["links"])
            for nested in lines[i + 1:]:  # or one indented item per page below it
                if not re.match(r"^\s+- ", nested):
                    break
                links += _LINK.findall(nested)
            found[m["difficulty"]] = (int(m["count"]), links)
    return found


def index_level_problems(index: Path, pages: dict[str, Path], *, rows: bool = True,
                         listed: bool = True) -> list[str]:
    """What an index page gets wrong about ``pages`` (target -> page file, the
    target relative to the index without ``.md``): with ``rows``, one table row
    per page with the page's difficulty and concepts; with ``listed``, every page
    under its difficulty in "By difficulty", with the right counts."""
    language = lang(index)
    text = index.read_text(encoding="utf-8")
    name = f"{index.parent.name}/{index.name}"
    levels = {t: level(p.read_text(encoding="utf-8"), language) for t, p in pages.items()}
    problems = []
    if rows:
        table = index_rows(text, language)
        for target, found in levels.items():
            got = table.get(target, [])
            if len(got) != 1:
                problems.append(f"{name}: {len(got)} table rows for {target}, expected 1")
            elif found and got[0].key() != found.key():
                problems.append(f"{name}: the row for {target} says {got[0].difficulty} · "
                                f"{', '.join(got[0].concepts)}; the page says {found.difficulty} · "
                                f"{', '.join(found.concepts)}")
        for target in table.keys() - levels.keys():
            problems.append(f"{name}: a table row links {target}, which is not one of the pages")
    if listed:
        lists = by_difficulty(text, language)
        if set(lists) != set(DIFFICULTIES[language]):
            problems.append(f"{name}: 'By difficulty' needs one line per difficulty {DIFFICULTIES[language]}")
        for difficulty, (count, targets) in lists.items():
            expected = sorted(t for t, f in levels.items() if f and f.difficulty == difficulty)
            if sorted(targets) != expected:
                problems.append(f"{name}: 'By difficulty' under {difficulty} lists {sorted(targets)}, "
                                f"the pages say {expected}")
            if count != len(targets):
                problems.append(f"{name}: 'By difficulty' says {difficulty} ({count}) but links {len(targets)}")
    return problems
