"""Every problem page carries its difficulty and concepts, shows the
statement before a collapsed solution, and the index agrees (see pages.py).
The mutations at the end prove the checks can fail."""

import shutil

import pytest

from tests.problems import pages
from tests.problems.pages import index_problems, page_problems, problem_pages


def test_there_are_problem_pages():
    assert len(problem_pages()) >= 20


@pytest.mark.parametrize("page", problem_pages(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_page_follows_the_template(page):
    assert page_problems(page.read_text(encoding="utf-8")) == []


def test_index_lists_every_page_with_its_difficulty_and_concepts():
    assert index_problems() == []


GOOD = problem_pages()[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace("**Difficulty:** ", "", 1),
        lambda t: t.replace("**Difficulty:** Easy", "**Difficulty:** Trivial", 1)
        .replace("**Difficulty:** Medium", "**Difficulty:** Trivial", 1),
        lambda t: t.replace('??? success "Reference solution: try it first"', "", 1),
        lambda t: t.replace("??? success", "???+ success", 1),
        lambda t: t.replace("## The problem", "## Setting", 1),
        lambda t: t.replace('--8<-- "snippets/problems/signatures/leetcode/', '--8<-- "snippets/problems/leetcode/', 1),
        lambda t: t.replace('```python title="snippets/problems/signatures/leetcode/',
                            '??? note "Signature"\n    ```python title="snippets/problems/signatures/leetcode/', 1)
        .replace('--8<-- "snippets/problems/signatures/leetcode/', '    --8<-- "snippets/problems/signatures/leetcode/', 1),
    ],
    ids=["no-meta", "bad-difficulty", "solution-open", "solution-expanded", "no-statement", "no-signature",
         "signature-collapsed"],
)
def test_page_check_rejects_broken_pages(mutate):
    assert page_problems(GOOD) == []
    assert page_problems(mutate(GOOD)) != []


def test_index_check_rejects_a_stale_row(tmp_path):
    shutil.copytree(pages.DOCS, tmp_path / "problems")
    page = problem_pages(tmp_path / "problems")[0]
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("**Concepts:** ", "**Concepts:** something new, ", 1), encoding="utf-8")
    assert any("says" in p for p in index_problems(tmp_path / "problems"))


def test_translations_are_not_problem_pages(tmp_path):
    # a Chinese translation (x.zh.md) beside a page is not another problem
    shutil.copytree(pages.DOCS, tmp_path / "problems")
    english = problem_pages(tmp_path / "problems")
    page = english[0]
    page.with_name(page.stem + ".zh.md").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    assert problem_pages(tmp_path / "problems") == english
    assert index_problems(tmp_path / "problems") == []
