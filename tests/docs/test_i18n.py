"""The English and Chinese editions are kept in step.

Every English page ``docs/x.md`` has a Chinese page ``docs/x.zh.md`` with the
same structure (tools/i18n.py: headings and their ids, code blocks, includes,
admonitions, tabs, tables, images); every navigation title is translated; the
built Chinese pages say ``lang="zh-CN"`` and link to the same page in
English, and each edition's search index holds its own pages only.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.support.hooks import load_hook
from tests.support.config import site_config, translation_prefixes
from tools import i18n

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _rel(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def test_every_page_has_a_chinese_translation():
    missing = [
        _rel(i18n.translation_of(page))
        for page in i18n.english_pages(DOCS)
        if not i18n.translation_of(page).exists()
    ]
    assert not missing, "pages without a Chinese translation (python -m tools.i18n skeleton docs/<page>):\n" + "\n".join(missing)


def test_every_chinese_page_has_an_english_page():
    orphans = [
        _rel(zh) for zh in DOCS.rglob("*" + i18n.ZH_SUFFIX)
        if not zh.with_name(zh.name[: -len(i18n.ZH_SUFFIX)] + ".md").exists()
    ]
    assert not orphans, f"Chinese pages without an English page: {orphans}"


def test_translations_have_the_structure_of_their_english_page():
    problems = [
        why for page in i18n.english_pages(DOCS)
        if i18n.translation_of(page).exists() and (why := i18n.first_difference(page))
    ]
    assert not problems, "\n".join(problems)


def test_translations_record_the_current_english_text():
    """Each Chinese page's front matter names the English text it translates
    (english_sha256); a change to the English prose since then fails here,
    naming the page and the commands (changed, then stamp)."""
    stale = [why for page in i18n.english_pages(DOCS) if (why := i18n.stale_translation(page))]
    assert not stale, "\n".join(stale)


def _config() -> dict:
    return site_config()


def _nav_titles(nav) -> list[str]:
    titles = []
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(title)
                if isinstance(value, list):
                    titles.extend(_nav_titles(value))
    return titles


def _languages(config: dict) -> dict:
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang for lang in plugin["languages"]}


def test_every_navigation_title_is_translated():
    config = _config()
    translations = _languages(config)["zh"]["nav_translations"]
    untranslated = [t for t in _nav_titles(config["nav"]) if t not in translations]
    assert not untranslated, f"add to nav_translations of the zh language: {untranslated}"
    unused = sorted(set(translations) - set(_nav_titles(config["nav"])))
    assert not unused, f"nav_translations for titles no longer in the nav: {unused}"


# --- the checker has teeth ---------------------------------------------------

ENGLISH = """\
    # Title

    Some prose.

    ## First part

    !!! danger "Known-bad: x_bad.py (do not copy)"

        ```python
        --8<-- "snippets/x_bad.py"
        ```

    | A | B |
    | --- | --- |
    | 1 | 2 |

    === "One"

        ```python
        print(1)
        ```

    ```mermaid
    flowchart LR
      a[start] --> b[end]
    ```
    """

CHINESE = """\
    # 标题

    一些文字。

    ## 第一部分 { #first-part }

    !!! danger "已知有误（Known-bad）：x_bad.py（请勿复制）"

        ```python
        --8<-- "snippets/x_bad.py"
        ```

    | 甲 | 乙 |
    | --- | --- |
    | 1 | 2 |

    === "一"

        ```python
        print(1)
        ```

    ```mermaid
    flowchart LR
      a[开始] --> b[结束]
    ```
    """


def _pair(tmp_path: Path, english: str, chinese: str | None) -> Path:
    page = tmp_path / "page.md"
    page.write_text(textwrap.dedent(english), encoding="utf-8")
    if chinese is not None:
        i18n.translation_of(page).write_text(textwrap.dedent(chinese), encoding="utf-8")
    return page


def test_a_faithful_translation_is_in_step(tmp_path):
    assert i18n.first_difference(_pair(tmp_path, ENGLISH, CHINESE)) is None


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda zh: None, "no Chinese translation"),
        (lambda zh: zh.replace(" { #first-part }", ""), "first-part"),
        (lambda zh: zh.replace("## 第一部分", "### 第一部分"), "heading 2 is h3"),
        (lambda zh: zh.replace("print(1)", "print(2)"), "print(2)"),
        (lambda zh: zh.replace("snippets/x_bad.py", "snippets/y_bad.py"), "y_bad.py"),
        (lambda zh: zh.replace("!!! danger", "!!! note"), "admonition"),
        (lambda zh: zh.replace('=== "一"', "一"), "tab"),
        (lambda zh: zh.replace("| 甲 | 乙 |\n    | --- | --- |\n    | 1 | 2 |", "| 甲 |\n    | --- |\n    | 1 |"), "table"),
        (lambda zh: zh + "\n    ## 多出来的 { #extra }\n", "headings"),
    ],
    ids=["missing", "heading-id", "heading-level", "code", "include", "admonition", "tab", "table", "extra-heading"],
)
def test_a_diverged_translation_is_named(tmp_path, change, named):
    page = _pair(tmp_path, ENGLISH, change(CHINESE))
    why = i18n.first_difference(page)
    assert why is not None and "page" in why and named in why, why


def test_skeleton_gives_every_heading_its_english_id(tmp_path):
    page = _pair(tmp_path, ENGLISH, None)
    i18n.translation_of(page).write_text(i18n.skeleton(page), encoding="utf-8")
    assert "## First part { #first-part }" in i18n.translation_of(page).read_text(encoding="utf-8")
    assert i18n.first_difference(page) is None
    assert i18n.stale_translation(page) is None  # the skeleton records the English it starts from


# --- kept in step with the English prose (english_sha256) ---------------------


def _stamped_pair(tmp_path: Path) -> Path:
    page = _pair(tmp_path, ENGLISH, CHINESE)
    assert "records no English text" in i18n.stale_translation(page)
    i18n.stamp(page)
    assert i18n.stale_translation(page) is None and i18n.first_difference(page) is None
    return page


def test_a_change_to_the_english_prose_names_the_chinese_page(tmp_path):
    page = _stamped_pair(tmp_path)
    page.write_text(page.read_text(encoding="utf-8").replace("Some prose.", "Some other prose."), encoding="utf-8")
    why = i18n.stale_translation(page)
    assert why is not None and "page.zh.md" in why and "older text" in why
    assert "python -m tools.i18n changed" in why and "python -m tools.i18n stamp" in why
    assert i18n.first_difference(page) is None  # the structure alone would not notice


def test_rewrapping_the_english_prose_is_not_a_change(tmp_path):
    page = _stamped_pair(tmp_path)
    page.write_text(page.read_text(encoding="utf-8").replace("Some prose.", "Some\nprose.  "), encoding="utf-8")
    assert i18n.stale_translation(page) is None


def test_stamp_refuses_while_the_structure_differs(tmp_path):
    page = _stamped_pair(tmp_path)
    page.write_text(page.read_text(encoding="utf-8") + "\n## New part\n", encoding="utf-8")
    with pytest.raises(ValueError, match="structure differs"):
        i18n.stamp(page)
    assert i18n.stale_translation(page) is not None


def test_the_stamp_is_front_matter_the_structure_ignores(tmp_path):
    page = _stamped_pair(tmp_path)
    text = i18n.translation_of(page).read_text(encoding="utf-8")
    assert text.startswith("---\nenglish_sha256: ")
    assert i18n.stamp_of(i18n.with_stamp(text, "0123456789abcdef")) == "0123456789abcdef"
    assert i18n.with_stamp(text, "0123456789abcdef").count("english_sha256") == 1


def _git(repo: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


def test_changed_shows_the_english_diff_since_the_stamp(tmp_path):
    _git(tmp_path, "init", "-q")
    page = _stamped_pair(tmp_path)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "translated")
    assert i18n.english_since_stamp(page) is None
    page.write_text(page.read_text(encoding="utf-8").replace("Some prose.", "Some other prose."), encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "English changed")
    page.write_text(page.read_text(encoding="utf-8").replace("other prose.", "other prose, again."), encoding="utf-8")
    where, diff = i18n.english_since_stamp(page)
    assert "-Some prose." in diff and "+Some other prose, again." in diff, diff
    i18n.translation_of(page).write_text(i18n.with_stamp(CHINESE, "0000000000000000"), encoding="utf-8")
    with pytest.raises(LookupError, match="no commit"):
        i18n.english_since_stamp(page)


# --- the built site ------------------------------------------------------------


def _built_pages(site: Path) -> list[Path]:
    """The English edition's pages (not another edition's, not the theme's assets)."""
    other = (*translation_prefixes(), "assets/")
    return sorted(p for p in site.rglob("index.html") if not p.relative_to(site).as_posix().startswith(other))


def test_translation_prefixes_follow_the_i18n_languages(tmp_path):
    """The tests find the other editions where mkdocs.yml's i18n plugin puts
    them: a third language is one more prefix, the default one none."""
    assert translation_prefixes() == ("zh/",)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    third = config.replace("        - locale: zh\n", "        - locale: fr\n          name: Français\n        - locale: zh\n", 1)
    assert third != config
    (tmp_path / "mkdocs.yml").write_text(third, encoding="utf-8")
    assert translation_prefixes(tmp_path / "mkdocs.yml") == ("fr/", "zh/")


def test_chinese_pages_are_built_in_chinese(built_site):
    wrong = []
    for english in _built_pages(built_site):
        rel = english.relative_to(built_site)
        chinese = built_site / "zh" / rel
        if not chinese.exists():
            wrong.append(f"zh/{rel}: not built")
            continue
        html = chinese.read_text(encoding="utf-8")
        if '<html lang="zh-CN"' not in html:
            wrong.append(f"zh/{rel}: no lang=zh-CN")
        if '<html lang="en"' not in english.read_text(encoding="utf-8"):
            wrong.append(f"{rel}: no lang=en")
    assert not wrong, "\n".join(wrong)


def test_language_switch_lands_on_the_same_page(built_site):
    wrong = []
    for english in _built_pages(built_site):
        rel = english.relative_to(built_site)
        depth = len(rel.parts) - 1
        up = "../" * depth
        same = rel.parent.as_posix()
        same = "" if same == "." else same + "/"
        en_links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', english.read_text(encoding="utf-8"))
        zh_links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', (built_site / "zh" / rel).read_text(encoding="utf-8"))
        expected_zh = f"{up}zh/{same}"
        if (expected_zh, "zh") not in en_links:
            wrong.append(f"{rel}: switch to Chinese goes to {en_links}, not {expected_zh}")
        expected_en = "../" * (depth + 1) + same
        if (expected_en, "en") not in zh_links:
            wrong.append(f"zh/{rel}: switch to English goes to {zh_links}, not {expected_en}")
    assert not wrong, "\n".join(wrong[:20])


def test_each_edition_searches_its_own_pages(built_site):
    english = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in english["docs"] if d["location"].startswith("zh/")]
    assert any(d["title"] == "术语表" for d in chinese["docs"])
    assert not any(d["title"] == "Glossary" for d in chinese["docs"])
    zh_home = (built_site / "zh" / "index.html").read_text(encoding="utf-8")
    assert '"base": "../zh/"' in zh_home


def test_english_pages_carry_their_chinese_title_for_search(built_site):
    english = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh_titles = {d["location"]: d["title"] for d in chinese["docs"] if "#" not in d["location"]}
    missing = [
        d["location"] for d in english["docs"]
        if d["location"] in zh_titles and zh_titles[d["location"]] != d["title"]
        and zh_titles[d["location"]] not in d["text"]
    ]
    assert zh_titles and not missing, missing


def test_glossary_terms_are_keywords_of_their_main_page_in_both_editions(built_site):
    hook = load_hook("search_per_edition")
    keywords = hook.glossary_keywords(DOCS)
    assert len(keywords) >= 30  # the glossary links its terms to their pages
    for index in (built_site / "search" / "search_index.json", built_site / "zh" / "search" / "search_index.json"):
        docs = {d["location"]: d for d in json.loads(index.read_text(encoding="utf-8"))["docs"]}
        untagged = [
            url for url, words in keywords.items()
            if not all(w in docs[url].get(hook.KEYWORD_FIELD, "") for w in words)
        ]
        assert not untagged, f"{index.relative_to(built_site)}: {untagged}"


def test_a_glossary_term_mixing_chinese_and_other_text_is_indexed_by_its_chinese_runs():
    """Search does not split at full-width punctuation: "all-reduce（全归约）"
    alone would index "reduce（全" and "归约）", which no query for 全归约 reaches."""
    hook = load_hook("search_per_edition")
    terms = hook._keyword_terms(["all-reduce（全归约）", "自由线程 CPython", "交错、调度", "条件变量"]).split("\u200b")
    for run in ("全归约", "自由线程", "交错", "调度", "条件变量"):
        assert run in terms and run[:-1] in terms, (run, terms)


def test_counterexample_includes_have_a_current_chinese_twin():
    """Each published counterexample's include (tests/support/counterexamples.py)
    has a Chinese twin made by tools.i18n.chinese_include, which the Chinese
    pages include; UPDATE_COUNTEREXAMPLES=1 rewrites the twins."""
    import os

    pairs = i18n.counterexample_includes(ROOT)
    assert pairs
    stale = []
    for english, chinese in pairs:
        want = i18n.chinese_include(english.read_text(encoding="utf-8"))
        if os.environ.get("UPDATE_COUNTEREXAMPLES") == "1":
            chinese.write_text(want, encoding="utf-8")
        if not chinese.is_file() or chinese.read_text(encoding="utf-8") != want:
            stale.append(chinese.relative_to(ROOT).as_posix())
    assert not stale, "run python -m tools.i18n includes (or UPDATE_COUNTEREXAMPLES=1):\n" + "\n".join(stale)


def test_chinese_include_translates_the_labels_only():
    english = (
        '<details class="example" markdown="0">\n<summary>The interleaving, as a picture</summary>\n</details>\n'
        '??? failure "What racecheck reports: deadlock (42 lines)"\n\n    ```text\n    --8<-- "x.txt"\n    ```\n'
    )
    chinese = i18n.chinese_include(english)
    assert '"racecheck 的报告：死锁（42 行）"' in chinese and "<summary>交错过程（图）</summary>" in chinese
    assert chinese.replace("racecheck 的报告：死锁（42 行）", "").count("\n") == english.count("\n")
    assert '--8<-- "x.txt"' in chinese


def test_chinese_pages_include_the_chinese_counterexample_includes():
    wrong = []
    for page in DOCS.rglob("*" + i18n.ZH_SUFFIX):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            if "/counterexamples/" in line and line.strip().startswith("--8<--") and not line.rstrip().endswith('.zh.md"') \
                    and line.rstrip().endswith('.md"'):
                wrong.append(f"{_rel(page)}:{number}: include the .zh.md twin")
    assert not wrong, "\n".join(wrong)


def test_each_edition_includes_its_own_charts():
    """bench/charts.py draws x.svg (English labels) and x.zh.svg (Chinese):
    a Chinese page includes the .zh.svg, an English page the .svg."""
    wrong = []
    for page in DOCS.rglob("*.md"):
        chinese = page.name.endswith(i18n.ZH_SUFFIX)
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            target = line.strip()
            if not (target.startswith("--8<--") and "/figures/" in target and target.endswith('.svg"')):
                continue
            if chinese != target.endswith('.zh.svg"'):
                wrong.append(f"{_rel(page)}:{number}: include the {'.zh.svg' if chinese else '.svg'} chart")
    assert not wrong, "\n".join(wrong)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def test_chinese_on_english_pages_is_marked_as_chinese(built_site):
    """hooks/lang_marks.py: every Chinese character in the article of an
    English page sits in an element with lang="zh" (code aside)."""
    unmarked = []
    for page in _built_pages(built_site):
        html = page.read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)
        if not article:
            continue
        text = re.sub(r'<span lang="zh">[^<]*</span>', "", article.group(0))
        text = re.sub(r"<(pre|code|script|style|svg|kbd)\b.*?</\1>", "", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        for m in _HAN.finditer(text):
            unmarked.append(f"{page.relative_to(built_site)}: ...{text[max(0, m.start() - 20):m.end() + 20]!r}...")
            break
    assert not unmarked, "\n".join(unmarked)


def test_lang_marks_wrap_runs_and_leave_code_alone():
    hook = load_hook("lang_marks")
    html = '<p>The article says “使用 Lock 的线程”, then <code>死锁</code>.</p><pre>死锁</pre>'
    marked = hook.mark_chinese(html)
    assert '<span lang="zh">“使用 Lock 的线程”</span>' in marked
    assert "<code>死锁</code>" in marked and "<pre>死锁</pre>" in marked
