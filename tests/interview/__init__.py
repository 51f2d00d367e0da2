"""Shared checks for the interview bank (docs/interview/<group>/).

A group is a folder of question pages plus an ``index.md`` whose table has one
row per question: ``| [Question?](slug.md) | Difficulty | concepts | one-line short answer |``. The
cheat sheet repeats every row, through ``snippets/interview/cheatsheet_<module>.md``
(``<module>`` is the group name with underscores), as::

    - [Question?](<group>/slug.md)··
      one-line short answer

Every question page follows the bank's template: a ``# Question?`` title, the
line that says its difficulty and concepts (tests/support/levels.py), the
short answer collapsed under ``??? success "Short answer: try it first"``
(practice mode: the reader answers before looking), a collapsed ``??? info``
deeper explanation,
then ``## Common wrong answers``, ``## Follow-ups``, ``## Go deeper`` and
``## Sources`` in that order, with at least one bullet in the first two and at
least one external link in Sources. ``page_problems`` returns what is wrong
with one page's text (an empty list when it conforms); ``group_problems`` does
the same for a whole group, index and cheat sheet included.
"""

import re
from pathlib import Path

from tests.support.levels import page_level_problems
from tests.support.markdown import is_translation

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "interview"
SNIPPETS = ROOT / "snippets" / "interview"

SHORT_ANSWER = '??? success "Short answer: try it first"'
SECTIONS = ("??? info", "## Common wrong answers", "## Follow-ups", "## Go deeper", "## Sources")
_INDEX_ROW = re.compile(
    r"^\| \[(?P<question>.+?)\]\((?P<slug>[a-z0-9-]+)\.md\) \| [^|]+ \| [^|]+ \| (?P<answer>.+) \|$"
)
_CHEAT_ENTRY = re.compile(
    r"^- \[(?P<question>.+?)\]\((?P<group>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)\.md\) {2}\n {2}(?P<answer>.+)$",
    re.M,
)


def question_pages(group, docs=DOCS):
    """Every English question page of a group (all ``*.md`` but ``index.md``
    and translations such as ``x.zh.md``), sorted."""
    return sorted(p for p in (docs / group).glob("*.md") if p.name != "index.md" and not is_translation(p))


def _section(lines, heading):
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1 : end]


def _indented_paragraph(lines):
    """The leading lines indented by 4 spaces (the body of a collapsed block)."""
    out = []
    for line in lines:
        if not line.startswith("    "):
            break
        out.append(line.strip())
    return out


def page_problems(text):
    """What is wrong with one question page's markdown; [] if it follows the template."""
    lines = text.splitlines()
    problems = []
    if not (lines and lines[0].startswith("# ") and lines[0].endswith("?")):
        problems.append("the first line must be '# <Question>?'")
    body = [line for line in lines[1:] if line.strip()]
    problems += page_level_problems(text)
    body = body[1:]  # the difficulty and concepts line
    if not (body and body[0] == SHORT_ANSWER):
        problems.append(f"the short answer must come first, collapsed: {SHORT_ANSWER}")
    elif len(" ".join(_indented_paragraph(body[1:])).strip()) <= 40:
        problems.append("the collapsed short answer needs its text, indented 4 spaces")
    if any(line.lstrip().startswith("???+") for line in lines):
        problems.append("answers stay collapsed: no '???+' block on a question page")
    positions = []
    for heading in SECTIONS:
        found = [i for i, line in enumerate(lines) if line.startswith(heading)]
        if len(found) != 1:
            problems.append(f"expected exactly one {heading!r}, found {len(found)}")
        positions.append(found[0] if found else -1)
    if -1 not in positions and positions != sorted(positions):
        problems.append(f"sections out of order, expected {SECTIONS}")
    if not problems:
        for heading in ("## Common wrong answers", "## Follow-ups"):
            if not any(line.startswith("- ") for line in _section(lines, heading)):
                problems.append(f"{heading!r} has no '- ' bullet")
        if not any("](http" in line for line in _section(lines, "## Sources")):
            problems.append("'## Sources' links no external source")
    return problems


def index_rows(group, suffix=""):
    """The group index table as [(slug, question, one-line answer)], in order
    (suffix ".zh": the Chinese edition's index)."""
    text = (DOCS / group / f"index{suffix}.md").read_text(encoding="utf-8")
    return [
        (m["slug"], m["question"], m["answer"])
        for m in map(_INDEX_ROW.match, text.splitlines())
        if m
    ]


def cheatsheet_entries(module, suffix=""):
    """The cheat-sheet entries of one group as [(group, slug, question, answer)]."""
    text = (SNIPPETS / f"cheatsheet_{module}{suffix}.md").read_text(encoding="utf-8")
    return [(m["group"], m["slug"], m["question"], m["answer"]) for m in _CHEAT_ENTRY.finditer(text)]


def group_problems(group, module):
    """Template, index and cheat-sheet problems of one group; [] if all agree."""
    problems = []
    pages = question_pages(group)
    titles = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        problems += [f"{page.name}: {p}" for p in page_problems(text)]
        titles[page.stem] = text.splitlines()[0][2:] if text else ""
    rows = index_rows(group)
    if sorted(slug for slug, _, _ in rows) != sorted(titles):
        problems.append(f"index.md lists {sorted(s for s, _, _ in rows)}, pages are {sorted(titles)}")
    for slug, question, _ in rows:
        if slug in titles and titles[slug] != question:
            problems.append(f"index.md question for {slug} differs from the page title")
    expected = [(group, slug, question, answer) for slug, question, answer in rows]
    if cheatsheet_entries(module) != expected:
        problems.append(f"cheatsheet_{module}.md does not repeat index.md's rows in order")
    if (DOCS / group / "index.zh.md").is_file():
        problems += _chinese_cheatsheet_problems(group, module)
    return problems


def _chinese_cheatsheet_problems(group, module):
    """The Chinese cheat sheet's file repeats the Chinese index's rows, under
    the Chinese index's title (up to a full-width colon)."""
    snippet = SNIPPETS / f"cheatsheet_{module}.zh.md"
    if not snippet.is_file():
        return [f"cheatsheet_{module}.zh.md is missing (the Chinese cheat sheet's rows)"]
    problems = []
    index = (DOCS / group / "index.zh.md").read_text(encoding="utf-8")
    title = next(line[2:] for line in index.splitlines() if line.startswith("# ")).split("：")[0]
    if snippet.read_text(encoding="utf-8").splitlines()[:1] != [f"## {title}"]:
        problems.append(f"cheatsheet_{module}.zh.md must start with '## {title}'")
    expected = [(group, slug, question, answer) for slug, question, answer in index_rows(group, ".zh")]
    if cheatsheet_entries(module, ".zh") != expected:
        problems.append(f"cheatsheet_{module}.zh.md does not repeat index.zh.md's rows in order")
    return problems


def groups():
    """Every group of the bank: a folder of docs/interview/ with an index.md."""
    return sorted(p.parent.name for p in DOCS.glob("*/index.md"))


def bank_problems():
    """The bank's own pages agree with its groups: docs/interview/index.md
    links every group's index, and the cheat sheet includes every group's
    cheat-sheet file exactly once; [] if so."""
    problems = []
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    cheatsheet = (DOCS / "cheatsheet.md").read_text(encoding="utf-8")
    chinese = (DOCS / "cheatsheet.zh.md").read_text(encoding="utf-8")
    for group in groups():
        module = group.replace("-", "_")
        if f"]({group}/index.md)" not in index:
            problems.append(f"index.md does not link {group}/index.md")
        include = f'--8<-- "snippets/interview/cheatsheet_{module}.md"'
        if cheatsheet.count(include) != 1:
            problems.append(f"cheatsheet.md must include cheatsheet_{module}.md once")
        zh_include = f'--8<-- "snippets/interview/cheatsheet_{module}.zh.md"'
        if chinese.count(zh_include) != 1 or include in chinese:
            problems.append(f"cheatsheet.zh.md must include cheatsheet_{module}.zh.md once "
                            f"(not the English cheatsheet_{module}.md)")
    return problems
