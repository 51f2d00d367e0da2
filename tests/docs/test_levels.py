"""Every problem and interview question page, in both editions, says how hard
it is and what it practises, and the index pages that let a reader scan by
difficulty and topic agree with the pages (tests/support/levels.py).

Index pages checked: docs/problems/index.md (a table row per problem and
"By difficulty"), each docs/interview/<group>/index.md (a table row per
question, with its difficulty and concepts) and docs/interview/index.md
("By difficulty" over the whole bank); each with its Chinese translation.
The tests at the end prove that the checks fail on broken pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.interview import groups, question_pages
from tests.problems.pages import problem_pages
from tests.support.levels import index_level_problems, page_level_problems, translation_level_problems

ROOT = Path(__file__).resolve().parents[2]
INTERVIEW = ROOT / "docs" / "interview"
PROBLEMS = ROOT / "docs" / "problems"


def zh(page: Path) -> Path:
    return page.with_name(page.stem + ".zh.md")


def level_pages() -> list[Path]:
    """Every English question and problem page."""
    return [p for g in groups() for p in question_pages(g)] + problem_pages()


def _id(page: Path) -> str:
    return page.relative_to(ROOT / "docs").with_suffix("").as_posix()


def test_every_question_and_problem_page_is_counted():
    assert len([p for g in groups() for p in question_pages(g)]) == 51
    assert len(problem_pages()) == 20


@pytest.mark.parametrize("page", level_pages(), ids=_id)
def test_page_states_difficulty_and_concepts_in_both_editions(page):
    english = page.read_text(encoding="utf-8")
    chinese = zh(page).read_text(encoding="utf-8")
    problems = [f"{page.name}: {p}" for p in page_level_problems(english, "en")]
    problems += [f"{zh(page).name}: {p}" for p in page_level_problems(chinese, "zh")]
    problems += [f"{zh(page).name}: {p}" for p in translation_level_problems(english, chinese)]
    assert problems == []


def _pages_by_target(pages: list[Path], base: Path, chinese: bool) -> dict[str, Path]:
    return {p.relative_to(base).with_suffix("").as_posix(): (zh(p) if chinese else p) for p in pages}


def index_problems(interview: Path = INTERVIEW, problems: Path = PROBLEMS) -> list[str]:
    """Every index page, both editions, against the pages it lists."""
    found = []
    for chinese in (False, True):
        name = "index.zh.md" if chinese else "index.md"
        found += index_level_problems(problems / name, _pages_by_target(problem_pages(problems), problems, chinese))
        questions = []
        for group in groups():
            pages = question_pages(group, docs=interview)
            questions += pages
            found += index_level_problems(
                interview / group / name, _pages_by_target(pages, interview / group, chinese), listed=False)
        found += index_level_problems(interview / name, _pages_by_target(questions, interview, chinese), rows=False)
    return found


def test_index_pages_agree_with_the_pages():
    assert index_problems() == []


# The checks must be able to fail.

QUESTION = INTERVIEW / "fundamentals" / "livelock.md"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda t: t.replace("**Difficulty:** Easy · ", "", 1),
        lambda t: t.replace("**Difficulty:** Easy", "**Difficulty:** Trivial", 1),
        lambda t: t.replace("**Concepts:** livelock, back-off with jitter, liveness", "**Concepts:** ", 1),
        lambda t: t.replace("**Difficulty:**", "Difficulty:", 1),
    ],
    ids=["no-difficulty", "unknown-difficulty", "no-concepts", "not-the-marked-line"],
)
def test_page_check_rejects_a_page_without_difficulty_or_concepts(mutate):
    good = QUESTION.read_text(encoding="utf-8")
    assert page_level_problems(good) == []
    assert page_level_problems(mutate(good)) != []


def test_translation_check_rejects_another_difficulty():
    english, chinese = QUESTION.read_text(encoding="utf-8"), zh(QUESTION).read_text(encoding="utf-8")
    assert translation_level_problems(english, chinese) == []
    assert translation_level_problems(english, chinese.replace("**难度：** 简单", "**难度：** 困难", 1)) != []
    assert translation_level_problems(english, chinese.replace("、活性（liveness）", "", 1)) != []


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(INTERVIEW, tmp_path / "interview")
    shutil.copytree(PROBLEMS, tmp_path / "problems")
    assert index_problems(tmp_path / "interview", tmp_path / "problems") == []
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "old", "new", "expected"),
    [
        # a question page changes its difficulty: its group row and the bank's list disagree
        ("interview/fundamentals/livelock.md", "**Difficulty:** Easy", "**Difficulty:** Hard",
         ["fundamentals/index.md: the row for livelock says", "index.md: 'By difficulty' under Easy"]),
        # the Chinese page's concepts change: the Chinese group index row disagrees
        ("interview/fundamentals/livelock.zh.md", "带抖动的退避", "随机退避",
         ["fundamentals/index.zh.md: the row for livelock says"]),
        # a Chinese problem page's difficulty changes: the Chinese problem index disagrees
        ("problems/primitives/rw-lock.zh.md", "**难度：** 困难", "**难度：** 中等",
         ["index.zh.md: the row for primitives/rw-lock says", "'By difficulty' under 困难"]),
    ],
    ids=["question-difficulty", "zh-question-concepts", "zh-problem-difficulty"],
)
def test_index_check_rejects_an_index_that_disagrees(tree, page, old, new, expected):
    _edit(tree / page, old, new)
    found = "\n".join(index_problems(tree / "interview", tree / "problems"))
    for e in expected:
        assert e in found, found


def test_index_check_rejects_a_missing_row_and_a_wrong_count(tree):
    index = tree / "interview" / "serving" / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    index.write_text("".join(line for line in lines if "](rate-limiting.md)" not in line), encoding="utf-8")
    _edit(tree / "interview" / "index.md", "- **Hard** (13):", "- **Hard** (12):")
    found = "\n".join(index_problems(tree / "interview", tree / "problems"))
    assert "serving/index.md: 0 table rows for rate-limiting" in found, found
    assert "says Hard (12) but links 13" in found, found
