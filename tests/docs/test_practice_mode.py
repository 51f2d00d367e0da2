"""Practice mode hides answers until clicked, but not from search or paper.

Interview pages collapse the short answer ("Short answer: try it first") and
problem pages the reference solution (tests/interview and tests/problems check
the Markdown). Here, on the strict build: the text inside those collapsed
blocks is in the search index of its page, so a reader who searches still
finds it. The browser tests check the print side (print.css opens them).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

BOXES = (
    "Short answer: try it first", "Reference solution: try it first",
    "简短回答：先自己试试", "参考解答：先自己试试",  # the Chinese edition
)
_DETAILS = re.compile(r"<details[^>]*>\s*<summary>(?P<title>.*?)</summary>(?P<body>.*?)</details>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def collapsed_answers(built_site: Path) -> list[tuple[str, str]]:
    """(page location, first words of the first paragraph) of every practice-mode box."""
    found = []
    for page in sorted(built_site.rglob("index.html")):
        source = page.read_text(encoding="utf-8")
        for m in _DETAILS.finditer(source):
            if _text(m["title"]) in BOXES:
                # the first prose paragraph: code is indexed too, but tokenized differently
                para = re.search(r"<p>(.*?)</p>", m["body"], re.S)
                words = _text(para[1] if para else m["body"]).split()
                found.append((page.parent.relative_to(built_site).as_posix() + "/", " ".join(words[:6])))
    return found


@pytest.fixture(scope="module")
def search_text(built_site) -> dict[str, str]:
    """All indexed text of each page, keyed by the page's location (the Chinese
    edition's index, under zh/, holds locations relative to zh/)."""
    by_page: dict[str, list[str]] = {}
    for prefix in ("", "zh/"):
        index = built_site / prefix / "search" / "search_index.json"
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            by_page.setdefault(prefix + doc["location"].split("#")[0], []).append(_text(doc["text"]))
    # the zh pipeline separates CJK with zero-width spaces; English is unchanged
    return {loc: " ".join(parts).replace("\u200b", "") for loc, parts in by_page.items()}


def test_every_interview_and_problem_page_has_its_box(built_site):
    pages = {loc for loc, _ in collapsed_answers(built_site)}
    for edition in ("", "zh/"):
        interview = {p for p in pages if p.startswith(edition + "interview/")}
        problems = {p for p in pages if p.startswith(edition + "problems/")}
        assert len(interview) >= 40 and len(problems) >= 20, (edition, len(interview), len(problems))


def test_search_index_holds_the_collapsed_answers(built_site, search_text):
    missing = [
        f"{loc}: {words!r}"
        for loc, words in collapsed_answers(built_site)
        # compared without whitespace: the index spaces text around inline markup
        # differently, and Chinese prose has no spaces between words
        if _squeezed(words) not in _squeezed(search_text.get(loc.removesuffix("index.html"), ""))
    ]
    assert not missing, "collapsed text not searchable:\n" + "\n".join(missing)
