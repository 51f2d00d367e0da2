"""docs/start-here.md: four routes, each an ordered list of existing pages
with a reading time computed by tools/reading_time.py (see its docstring for
how), and a test that fails when a time goes stale."""

from __future__ import annotations

import re
from pathlib import Path

from tools import reading_time

ROOT = Path(__file__).resolve().parents[2]

ROUTES = ("Interview next week", "Serving engineer", "Training engineer", "Learning from scratch")


def test_times_are_current():
    problems = reading_time.stale()
    assert not problems, "\n".join(problems)


def test_chinese_edition_states_the_same_steps_and_times():
    # start-here.zh.md links the same pages; its times are checked the same way (and --fix rewrites both)
    zh = reading_time.START_HERE_ZH
    assert zh in reading_time.editions()
    english = [(target, stated) for _, _, target, stated in reading_time.steps()]
    assert [(target, stated) for _, _, target, stated in reading_time.steps(zh)] == english
    problems = reading_time.stale(zh)
    assert not problems, "\n".join(problems)


def test_four_routes_each_ordered_with_a_total():
    text = reading_time.START_HERE.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == list(ROUTES)
    for section in text.split("\n## ")[1:]:
        numbers = [int(n) for n in re.findall(r"^\| (\d+) \| \[", section, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 4, section[:40]
        assert section.count("| | **Total** |") == 1


def test_interview_route_is_cheatsheet_then_groups_then_five_problems():
    section = reading_time.START_HERE.read_text(encoding="utf-8").split("## Interview next week")[1].split("\n## ")[0]
    targets = re.findall(r"^\| \d+ \| \[[^\]]+\]\(([^)]+)\)", section, re.M)
    assert targets[0] == "interview/cheatsheet.md"
    groups = [t for t in targets if t.startswith("interview/") and t.endswith("/index.md")]
    problems = [t for t in targets if t.startswith("problems/")]
    assert groups and len(problems) == 5
    assert targets == [targets[0], *groups, *problems]


def test_stale_check_has_teeth(tmp_path):
    page = tmp_path / "start-here.md"
    text = reading_time.START_HERE.read_text(encoding="utf-8")
    # point the relative links back at the real docs/
    text = re.sub(r"\]\((?!http)", "](" + str(ROOT / "docs") + "/", text)
    page.write_text(text, encoding="utf-8")
    assert reading_time.stale(page) == []
    step = re.search(r"^\| 1 \| .* \| (\d+) min \|$", text, re.M)
    doubled = text[: step.start(1)] + str(int(step[1]) * 3 + 5) + text[step.end(1):]
    page.write_text(doubled, encoding="utf-8")
    problems = reading_time.stale(page)
    assert any("computed" in p for p in problems) and any("total" in p for p in problems), problems


def test_fix_rewrites_the_chinese_edition(tmp_path):
    page = tmp_path / "start-here.zh.md"
    text = reading_time.START_HERE_ZH.read_text(encoding="utf-8")
    text = re.sub(r"\]\((?!http)", "](" + str(ROOT / "docs") + "/", text)
    step = re.search(r"^\| 1 \| .* \| (\d+) 分钟 \|$", text, re.M)
    page.write_text(text[: step.start(1)] + str(int(step[1]) * 3 + 5) + text[step.end(1):], encoding="utf-8")
    assert any("computed" in p for p in reading_time.stale(page)) and any("total" in p for p in reading_time.stale(page))
    reading_time.fix(page)
    assert reading_time.stale(page) == []
    assert page.read_text(encoding="utf-8") == text


def test_fix_keeps_a_current_translation_current(tmp_path):
    """--fix changes the English page's text (its times) and the Chinese page's
    the same way: the Chinese page's english_sha256 stamp is renewed."""
    from tools import i18n

    texts = {}
    for source, unit in ((reading_time.START_HERE, "min"), (reading_time.START_HERE_ZH, "分钟")):
        text = re.sub(r"\]\((?!http)", "](" + str(ROOT / "docs") + "/", source.read_text(encoding="utf-8"))
        step = re.search(rf"^\| 1 \| .* \| (\d+) {unit} \|$", text, re.M)
        texts[source.name] = text
        (tmp_path / source.name).write_text(text[: step.start(1)] + "999" + text[step.end(1):], encoding="utf-8")
    english = tmp_path / "start-here.md"
    i18n.stamp(english)
    assert i18n.stale_translation(english) is None and reading_time.stale(english)
    reading_time.fix_editions(english)
    assert reading_time.stale(english) == [] and reading_time.stale(i18n.translation_of(english)) == []
    assert english.read_text(encoding="utf-8") == texts["start-here.md"]
    assert i18n.stale_translation(english) is None


def test_translations_do_not_count_toward_a_section(tmp_path):
    # a section step stands for the English pages of the section; docs/x.zh.md is the Chinese edition
    section = tmp_path / "section"
    section.mkdir()
    (section / "index.md").write_text("# Section\n\n" + "word " * 400 + "\n", encoding="utf-8")
    (section / "page.md").write_text("# Page\n\n" + "word " * 400 + "\n", encoding="utf-8")
    before = reading_time.minutes(section / "index.md")
    (section / "index.zh.md").write_text("# 栏目\n\n" + "词" * 4000 + "\n", encoding="utf-8")
    (section / "page.zh.md").write_text("# 页面\n\n" + "词" * 4000 + "\n", encoding="utf-8")
    assert reading_time.pages_of(section / "index.md") == [section / "index.md", section / "page.md"]
    assert reading_time.minutes(section / "index.md") == before == 5
