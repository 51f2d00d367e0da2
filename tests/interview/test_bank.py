"""The interview bank: every group follows the page template, its index and
cheat-sheet entries list exactly its pages with the same text, and the bank
has the questions the issue asks for. The checks live in tests/interview
(``__init__.py``); the tests below also prove that they can fail."""

import shutil

import pytest

import tests.interview as bank
from tests.interview import bank_problems, group_problems, groups, page_problems, question_pages

# At least six questions in each topic group; the source article has three.
MINIMUM = {
    "fundamentals": 6,
    "python-runtime": 6,
    "training": 6,
    "serving": 6,
    "testing": 6,
    "source-article": 3,
}


def module(group):
    return group.replace("-", "_")


def test_every_group_is_counted():
    assert set(groups()) == set(MINIMUM)


@pytest.mark.parametrize("group", sorted(MINIMUM))
def test_group_has_enough_questions(group):
    assert len(question_pages(group)) >= MINIMUM[group]


def test_bank_has_at_least_forty_questions():
    assert sum(len(question_pages(g)) for g in groups()) >= 40


@pytest.mark.parametrize(
    "page", [p for g in sorted(MINIMUM) for p in question_pages(g)], ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_page_follows_the_template(page):
    assert page_problems(page.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("group", sorted(MINIMUM))
def test_index_and_cheatsheet_match_the_pages(group):
    assert group_problems(group, module(group)) == []


def test_every_group_is_linked_and_in_the_cheat_sheet():
    assert bank_problems() == []


# The checks above must be able to fail.

GOOD_PAGE = question_pages("fundamentals")[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace("?\n", "\n", 1),                                  # title without '?'
        lambda t: t.replace('??? success "Short answer: try it first"\n\n', "", 1),  # no short answer
        lambda t: t.replace("??? success", "???+ success", 1),               # answer open
        lambda t: t.replace("??? info", "???+ info", 1),                     # depth open
        lambda t: t.replace('??? success "Short answer: try it first"\n\n    ',
                            "**Short answer.** ", 1),                         # not collapsed
        lambda t: t.replace("## Follow-ups", "## Next questions", 1),         # missing section
        lambda t: t.replace("## Sources", "## Sources\n\n## Sources", 1),     # duplicated section
        lambda t: t.replace("](http", "](../", 1_000),                        # no external source
        lambda t: t.replace("## Common wrong answers", "## Tmp", 1)
        .replace("## Follow-ups", "## Common wrong answers", 1)
        .replace("## Tmp", "## Follow-ups", 1),                              # sections swapped
    ],
    ids=["title", "short-answer", "answer-open", "depth-open", "not-collapsed", "missing", "duplicate", "no-source", "order"],
)
def test_template_check_rejects_broken_pages(mutate):
    assert page_problems(GOOD_PAGE) == []
    assert page_problems(mutate(GOOD_PAGE)) != []


def test_group_check_rejects_a_stale_cheatsheet(tmp_path, monkeypatch):
    group = "fundamentals"
    shutil.copytree(bank.DOCS / group, tmp_path / "docs" / group)
    (tmp_path / "snippets").mkdir()
    cheat = bank.SNIPPETS / f"cheatsheet_{module(group)}.md"
    first_answer = bank.cheatsheet_entries(module(group))[0][3]
    text = cheat.read_text(encoding="utf-8")
    (tmp_path / "snippets" / cheat.name).write_text(text.replace(first_answer, "edited", 1))
    monkeypatch.setattr(bank, "DOCS", tmp_path / "docs")
    monkeypatch.setattr(bank, "SNIPPETS", tmp_path / "snippets")
    assert any("cheatsheet" in p for p in bank.group_problems(group, module(group)))


def test_bank_check_rejects_a_missing_include(tmp_path, monkeypatch):
    shutil.copytree(bank.DOCS, tmp_path / "interview")
    sheet = tmp_path / "interview" / "cheatsheet.md"
    sheet.write_text(
        sheet.read_text().replace('--8<-- "snippets/interview/cheatsheet_fundamentals.md"', "")
    )
    monkeypatch.setattr(bank, "DOCS", tmp_path / "interview")
    assert bank_problems() != []


def test_translations_are_not_question_pages(tmp_path):
    # docs/interview/<group>/x.zh.md and index.zh.md are the Chinese edition, not more questions
    shutil.copytree(bank.DOCS, tmp_path / "interview")
    group = tmp_path / "interview" / "fundamentals"
    english = question_pages("fundamentals", docs=tmp_path / "interview")
    for page in [english[0], group / "index.md"]:
        page.with_name(page.stem + ".zh.md").write_text("# 译文\n", encoding="utf-8")
    assert question_pages("fundamentals", docs=tmp_path / "interview") == english


def test_the_chinese_cheat_sheet_checks_can_fail(tmp_path, monkeypatch):
    """The Chinese cheat sheet includes the Chinese rows (an English include
    left there is caught), each under the Chinese group title."""
    docs, snippets = tmp_path / "docs", tmp_path / "snippets"
    shutil.copytree(bank.DOCS, docs)
    shutil.copytree(bank.SNIPPETS, snippets)
    monkeypatch.setattr(bank, "DOCS", docs)
    monkeypatch.setattr(bank, "SNIPPETS", snippets)
    assert bank.bank_problems() == [] and bank.group_problems("testing", "testing") == []
    sheet = docs / "cheatsheet.zh.md"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        "cheatsheet_testing.zh.md", "cheatsheet_testing.md"), encoding="utf-8")
    assert any("cheatsheet_testing.zh.md once" in p for p in bank.bank_problems())
    rows = snippets / "cheatsheet_testing.zh.md"
    rows.write_text(rows.read_text(encoding="utf-8").replace("## 测试", "## Testing"), encoding="utf-8")
    assert any("must start with '## 测试'" in p for p in bank.group_problems("testing", "testing"))
