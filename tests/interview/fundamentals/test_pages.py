"""The fundamentals group of the interview bank follows the page template, and its
index and cheat-sheet entries list exactly its pages with the same text."""

import pytest

from tests.interview import group_problems, page_problems, question_pages

GROUP, MODULE = "fundamentals", "fundamentals"


def test_group_has_questions():
    assert len(question_pages(GROUP)) >= 3


@pytest.mark.parametrize("page", question_pages(GROUP), ids=lambda p: p.stem)
def test_page_follows_the_template(page):
    assert page_problems(page.read_text(encoding="utf-8")) == []


def test_index_and_cheatsheet_match_the_pages():
    assert group_problems(GROUP, MODULE) == []


# The checks above must be able to fail: each mutation of a conforming page
# (or of the cheat sheet) has to be reported.

GOOD_PAGE = (question_pages(GROUP)[0]).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace("?\n", "\n", 1),                                  # title without '?'
        lambda t: t.replace("**Short answer.** ", "", 1),                     # no short answer
        lambda t: t.replace("## Follow-ups", "## Next questions", 1),         # missing section
        lambda t: t.replace("## Sources", "## Sources\n\n## Sources", 1),     # duplicated section
        lambda t: t.replace("](http", "](../", 1_000),                        # no external source
        lambda t: t.replace("## Common wrong answers", "## Tmp", 1)
        .replace("## Follow-ups", "## Common wrong answers", 1)
        .replace("## Tmp", "## Follow-ups", 1),                              # sections swapped
    ],
    ids=["title", "short-answer", "missing", "duplicate", "no-source", "order"],
)
def test_template_check_rejects_broken_pages(mutate):
    assert page_problems(GOOD_PAGE) == []
    assert page_problems(mutate(GOOD_PAGE)) != []


def test_group_check_rejects_a_stale_cheatsheet(tmp_path, monkeypatch):
    import shutil

    import tests.interview as bank

    shutil.copytree(bank.DOCS / GROUP, tmp_path / "docs" / GROUP)
    (tmp_path / "snippets").mkdir()
    cheat = bank.SNIPPETS / f"cheatsheet_{MODULE}.md"
    text = cheat.read_text(encoding="utf-8")
    first_answer = bank.cheatsheet_entries(MODULE)[0][3]
    (tmp_path / "snippets" / cheat.name).write_text(text.replace(first_answer, "edited", 1))
    monkeypatch.setattr(bank, "DOCS", tmp_path / "docs")
    monkeypatch.setattr(bank, "SNIPPETS", tmp_path / "snippets")
    assert any("cheatsheet" in p for p in bank.group_problems(GROUP, MODULE))
