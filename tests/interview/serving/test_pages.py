"""The serving group of the interview bank follows the page template, and its
index and cheat-sheet entries list exactly its pages with the same text."""

import pytest

from tests.interview import group_problems, page_problems, question_pages

GROUP, MODULE = "serving", "serving"


def test_group_has_at_least_seven_questions():
    assert len(question_pages(GROUP)) >= 7


@pytest.mark.parametrize("page", question_pages(GROUP), ids=lambda p: p.stem)
def test_page_follows_the_template(page):
    assert page_problems(page.read_text(encoding="utf-8")) == []


def test_index_and_cheatsheet_match_the_pages():
    assert group_problems(GROUP, MODULE) == []
