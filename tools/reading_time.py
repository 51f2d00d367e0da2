"""Reading-time estimates for docs/start-here.md, computed, not guessed.

    python tools/reading_time.py          print each route step's estimate
    python tools/reading_time.py --fix    rewrite the times in docs/start-here.md
                                          and in its Chinese edition, start-here.zh.md

How a page is measured: its Markdown with every ``--8<--`` include expanded
(code and cheat-sheet snippets count), then

- prose: words outside code fences, with link targets, HTML tags and
  Markdown markup removed, at PROSE_WPM words per minute;
- code: non-blank lines inside code fences, at CODE_LPM lines per minute;
  program output (``text`` and ``console`` fences, such as racecheck's
  failure reports) is skimmed, not read, and is not counted, nor is the
  picture of a failure report (an included ``.svg``);

rounded up to whole minutes. A step that links a section's ``index.md``
stands for the index and every page below it. A step's time is reading time
only; solving a problem yourself comes on top.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.markdown import is_translation, parse_include  # noqa: E402

PROSE_WPM = 200  # careful reading of technical prose (the usual range is 200-250)
CODE_LPM = 12    # reading code line by line, about 5 s a line
OUTPUT_FENCES = {"text", "console"}
START_HERE = ROOT / "docs" / "start-here.md"
# The Chinese edition links the same English targets and states the same times
# ("12 分钟", "**合计**"); it is checked and fixed with the English page.
START_HERE_ZH = ROOT / "docs" / "start-here.zh.md"

_STEP = re.compile(
    r"^\| (?P<n>\d+) \| \[(?P<label>[^\]]+)\]\((?P<target>[^)#]+)(?:#[^)]*)?\) \| (?P<min>\d+) (?P<unit>min|分钟) \|$"
)
_TOTAL = re.compile(r"^\| \| \*\*(?P<word>Total|合计)\*\* \| \*\*(?P<min>\d+) (?P<unit>min|分钟)\*\* \|$")


def expanded(path: Path, depth: int = 0) -> list[str]:
    """The Markdown of ``path`` with includes replaced by what they include."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        inc = parse_include(line)
        if inc is not None and not inc.escaped and depth < 3:
            target = ROOT / inc.file
            if target.suffix == ".svg":  # a failure report drawn: output, like its text
                continue
            if target.is_file():
                text = target.read_text(encoding="utf-8").splitlines()
                if inc.section:  # only the lines between the section's markers
                    start = next((i for i, t in enumerate(text) if f"[start:{inc.section}]" in t), -1)
                    end = next((i for i, t in enumerate(text) if f"[end:{inc.section}]" in t), len(text))
                    text = text[start + 1 : end]
                out += expanded(target, depth + 1) if target.suffix == ".md" else text
                continue
        out.append(line)
    return out


def page_counts(path: Path) -> tuple[int, int]:
    """(prose words, code lines) of one page."""
    words = code = 0
    fence = None  # the info string of the fence we are in, if any
    for line in expanded(path):
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else stripped.strip("`").split(" ")[0]
            continue
        if fence is not None:
            code += bool(stripped) and fence not in OUTPUT_FENCES
            continue
        text = re.sub(r"\]\([^)]*\)", "]", stripped)          # link targets
        text = re.sub(r"<[^>]+>", " ", text)                   # HTML
        text = re.sub(r"^(#+|\?\?\?\+?|!!!|===|[-*]|\d+\.|>|\|)\s*", "", text)
        words += len(re.findall(r"[A-Za-z0-9][\w'’.-]*|[\u4e00-\u9fff]", text))
    return words, code


def pages_of(target: Path) -> list[Path]:
    """A page, or for a section's index.md every English page of the section
    (translations such as ``x.zh.md`` are not part of the English route)."""
    if target.name == "index.md":
        return sorted(p for p in target.parent.rglob("*.md") if not is_translation(p))
    return [target]


def minutes(target: Path) -> int:
    words = code = 0
    for page in pages_of(target):
        w, c = page_counts(page)
        words, code = words + w, code + c
    return max(1, math.ceil(words / PROSE_WPM + code / CODE_LPM))


def steps(page: Path = START_HERE) -> list[tuple[int, str, Path, int]]:
    """(line number, label, target file, stated minutes) of every route step."""
    found = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        m = _STEP.match(line)
        if m:
            found.append((number, m["label"], (page.parent / m["target"]).resolve(), int(m["min"])))
    return found


def tolerance(computed: int) -> int:
    """How far a stated time may drift before it counts as stale: small edits
    to a linked page do not fail the test, a changed page does."""
    return max(2, computed // 10)


def stale(page: Path = START_HERE) -> list[str]:
    """Steps off their computed time by more than ``tolerance``, and totals
    that are not the sum of their route's stated steps."""
    problems = []
    lines = page.read_text(encoding="utf-8").splitlines()
    route_sum = 0
    for number, line in enumerate(lines, start=1):
        m = _STEP.match(line)
        if m:
            target = (page.parent / m["target"]).resolve()
            route_sum += int(m["min"])
            if not target.is_file():
                problems.append(f"{page.name}:{number}: {m['target']} does not exist")
                continue
            want = minutes(target)
            if abs(int(m["min"]) - want) > tolerance(want):
                problems.append(
                    f"{page.name}:{number}: {m['label']} says {m['min']} min, computed {want}; "
                    "run python tools/reading_time.py --fix"
                )
        t = _TOTAL.match(line)
        if t:
            if int(t["min"]) != route_sum:
                problems.append(f"{page.name}:{number}: total says {t['min']} min, steps add up to {route_sum}")
            route_sum = 0
    return problems


def fix(page: Path = START_HERE) -> None:
    out, route_sum = [], 0
    for line in page.read_text(encoding="utf-8").splitlines():
        m = _STEP.match(line)
        if m:
            want = minutes((page.parent / m["target"]).resolve())
            route_sum += want
            line = line[: m.start("min")] + str(want) + line[m.end("min"):]
        elif t := _TOTAL.match(line):
            line = f"| | **{t['word']}** | **{route_sum} {t['unit']}** |"
            route_sum = 0
        out.append(line)
    page.write_text("\n".join(out) + "\n", encoding="utf-8")


def fix_editions(english: Path = START_HERE) -> None:
    """``--fix``: rewrite the times of the English page and of its Chinese
    edition. Both get the same numbers, so a translation that was current
    stays current: its stamp (``english_sha256``, tools/i18n.py) is renewed."""
    from tools import i18n

    chinese = i18n.translation_of(english)
    current = chinese.is_file() and i18n.stale_translation(english) is None
    fix(english)
    if chinese.is_file():
        fix(chinese)
        if current:
            i18n.stamp(english)


def editions() -> list[Path]:
    """docs/start-here.md and, once it exists, its Chinese edition."""
    return [START_HERE] + [START_HERE_ZH] * START_HERE_ZH.is_file()


def main(argv: list[str]) -> int:
    if "--fix" in argv:
        fix_editions()
    for number, label, target, stated in steps():
        print(f"{stated:4d} min (computed {minutes(target):4d})  {label}")
    problems = [p for page in editions() for p in stale(page)]
    print("\n".join(problems) or "all times current")
    return 1 if problems and "--fix" not in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
