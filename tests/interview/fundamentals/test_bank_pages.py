"""The bank's index and cheat sheet cover every group (part 1's and part 2's).

Kept beside the fundamentals tests because part 1 owns docs/interview/index.md
and docs/interview/cheatsheet.md; the check itself is in tests/interview."""

from tests.interview import bank_problems, groups


def test_every_group_is_linked_and_in_the_cheat_sheet():
    assert {"fundamentals", "python-runtime", "source-article"} <= set(groups())
    assert bank_problems() == []


def test_bank_check_rejects_a_missing_include(tmp_path, monkeypatch):
    import shutil

    import tests.interview as bank

    shutil.copytree(bank.DOCS, tmp_path / "interview")
    sheet = tmp_path / "interview" / "cheatsheet.md"
    sheet.write_text(
        sheet.read_text().replace('--8<-- "snippets/interview/cheatsheet_fundamentals.md"', "")
    )
    monkeypatch.setattr(bank, "DOCS", tmp_path / "interview")
    assert bank_problems() != []
