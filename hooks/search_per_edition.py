"""Each edition of the site searches its own pages only.

mkdocs-static-i18n builds the Chinese edition under ``zh/`` and writes one
search index with the pages of both editions, which Material's search loads
from ``<base>/search/search_index.json``. Left alone, an English search
lists Chinese pages and a Chinese search lists English pages that merely
mention a term. After the build this hook splits the index in two
(``search/`` for English, ``zh/search/`` for Chinese, locations relative to
each edition's root) and points the Chinese pages' ``base`` at ``zh/``.
Material uses ``base`` for the search index and for search-result links.
It also makes the language links of the home pages relative, and drops
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


def on_post_page(output: str, page, config) -> str:
    output = _HEAD_ALTERNATE.sub("", output)
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
    output = _HEAD_ALTERNATE.sub("", output)
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
    for edition, docs in by_edition.items():
        target = index_path if edition is None else Path(config.site_dir) / edition / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": index["config"], "docs": docs}, separators=(",", ":")), encoding="utf-8")
