"""Each edition of the site searches its own pages only.

mkdocs-static-i18n builds the Chinese edition under ``zh/`` and writes one
search index with the pages of both editions, which Material's search loads
from ``<base>/search/search_index.json``. Left alone, an English search
lists Chinese pages and a Chinese search lists English pages that merely
mention a term. After the build this hook splits the index in two
(``search/`` for English, ``zh/search/`` for Chinese, locations relative to
each edition's root) and points the Chinese pages' ``base`` at ``zh/``.
Material uses ``base`` for the search index and for search-result links.
Search keywords come from the glossary (docs/glossary.md): a term linked
to its main page is a keyword of that page, in both editions and in both
languages (a search field of its own, boosted like Material's tags),
so that 死锁 or "condition variable" finds the page on that topic first.
English pages also carry their Chinese title in their search text, so
Chinese words reach them in the English edition. It also makes the
language links of the home pages relative, and drops
the ``<link rel="alternate" hreflang>`` tags from the page head: Material's
script fetches ``sitemap.xml`` beside every such link (it expects them to
point at edition roots, not at the same page in the other edition, as
mkdocs-static-i18n writes them), which gives two failed requests per page.
The language menu's links stay per page, and sitemap.xml keeps the hreflang
alternates for search engines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

__all__ = ["EDITIONS", "on_post_page", "on_post_template", "on_post_build"]

# Editions other than the default (English, at the site root).
EDITIONS = ("zh",)

_BASE = re.compile(r'("base":\s*")([^"]*)(")')


def _edition_of(url: str) -> str | None:
    return next((e for e in EDITIONS if url == f"{e}/" or url.startswith(f"{e}/")), None)


# mkdocs-static-i18n writes the home pages' language links as "/" and "/zh/",
# which break when the site is served below a path (GitHub Pages project sites).
_ROOT_LINK = re.compile(r'href="/([^"]*)"(\s+hreflang=)')
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def _without_alternates(html: str) -> str:
    # Only the <head> is searched: the pattern starts with \s*, which costs
    # time on every run of whitespace, and a page's body has many (over 1 s
    # of a 10 s build when run on whole pages; bench/docs_build_time.py).
    end = html.find("</head>")
    if end < 0:
        return _HEAD_ALTERNATE.sub("", html)
    return _HEAD_ALTERNATE.sub("", html[:end]) + html[end:]


def on_post_page(output: str, page, config) -> str:
    output = _without_alternates(output)
    if page.is_homepage or _edition_of(page.url) and page.url.count("/") == 1:
        # The home pages: relative language links.
        up = "../" * page.url.count("/")  # "" -> "", "zh/" -> "../"
        output = _ROOT_LINK.sub(lambda m: f'href="{(up + m.group(1)) or "./"}"{m.group(2)}', output)
    edition = _edition_of(page.url)
    if edition is None:
        return output
    start = output.find('id="__config"')
    if start < 0:
        return output
    head, tail = output[:start], output[start:]
    tail = _BASE.sub(lambda m: f"{m.group(1)}{m.group(2).rstrip('/')}/{edition}/{m.group(3)}", tail, count=1)
    return head + tail


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name != "404.html":
        return output
    output = _without_alternates(output)
    # Served at any missing path: each language link goes to that edition's home.
    return re.sub(
        r'href="/[^"]*"(\s+hreflang="(\w+)")',
        lambda m: f'href="/{"" if m.group(2) == "en" else m.group(2) + "/"}"{m.group(1)}',
        output,
    )


@event_priority(-200)  # after mkdocs-static-i18n (-100) wrote the merged index
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner, per-language build: the merged index comes later
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    by_edition: dict[str | None, list] = {None: []}
    for entry in index["docs"]:
        edition = _edition_of(entry["location"])
        if edition is not None:
            entry = dict(entry, location=entry["location"][len(edition) + 1 :])
        by_edition.setdefault(edition, []).append(entry)
    _add_keywords(index, by_edition, Path(config.docs_dir))
    for edition, docs in by_edition.items():
        target = index_path if edition is None else Path(config.site_dir) / edition / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": index["config"], "docs": docs}, separators=(",", ":")), encoding="utf-8")


# A glossary row: | [english term](page.md) | 中文 | meaning |
_GLOSSARY_ROW = re.compile(r"^\|\s*\[([^\]]+)\]\(([^)#]+\.md)\)\s*\|\s*([^|]+?)\s*\|", re.M)


def glossary_keywords(docs_dir: Path) -> dict[str, list[str]]:
    """Page URL -> the glossary terms (English and Chinese) whose main page it is."""
    glossary = docs_dir / "glossary.md"
    found: dict[str, list[str]] = {}
    if not glossary.is_file():
        return found
    for english, target, chinese in _GLOSSARY_ROW.findall(glossary.read_text(encoding="utf-8")):
        url = target[: -len("index.md")] if target.endswith("index.md") else target[: -len(".md")] + "/"
        found.setdefault(url, []).extend([english, _segment(chinese)])
    return found


def _segment(text: str) -> str:
    # As Material's search plugin does for titles and text: jieba's words
    # joined by zero-width spaces (the separator in mkdocs.yml includes it).
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is in requirements.txt
        return text
    return re.sub(r"[\u4e00-\u9fff]+", lambda m: "\u200b".join(jieba.cut(m.group(0))), text)


# Material 9.8's search splits a Chinese query into the longest index terms
# that do not reach its last character ("条件变量" -> "条件* 变*"), so a query
# for a whole term matches through its prefix. Each keyword is indexed with
# its prefix without the last character as well, in a field of its own that
# search results do not display. A term that mixes Chinese with English or
# punctuation ("all-reduce（全归约）", "自由线程 CPython", "交错、调度") gets
# this for each of its runs of Chinese characters: the search separator does
# not split at full-width punctuation, so the term alone would index
# "reduce（全" and "归约）", which no query for 全归约 reaches.
KEYWORD_FIELD = "keywords"
KEYWORD_BOOST = 1e6  # as Material's own tags field: a keyword match comes first


def _keyword_terms(words: list[str]) -> str:
    terms = []
    for word in words:
        terms.append(word)
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", word.replace("\u200b", "")):
            terms.extend([run, run[:-1]])
    return "\u200b".join(dict.fromkeys(terms))


def _add_keywords(index: dict, by_edition: dict, docs_dir: Path) -> None:
    keywords = glossary_keywords(docs_dir)
    index["config"]["fields"][KEYWORD_FIELD] = {"boost": KEYWORD_BOOST}
    for docs in by_edition.values():
        for entry in docs:
            if "#" not in entry["location"] and entry["location"] in keywords:
                entry[KEYWORD_FIELD] = _keyword_terms(keywords[entry["location"]])
    for edition in EDITIONS:
        titles = {e["location"]: e["title"] for e in by_edition.get(edition, []) if "#" not in e["location"]}
        for entry in by_edition[None]:
            title = titles.get(entry["location"])
            if title and "#" not in entry["location"] and title != entry["title"]:
                entry["text"] = f"{entry['text']} <p>{title}</p>"
