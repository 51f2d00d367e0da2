"""Material's search indexes the text of pages, not their markup: hand it the text.

The search plugin parses every page's HTML with Python's ``html.parser``, one
call per tag, and with two editions that was the largest part of the build
(about 40% of it, measured with cProfile). Most tags are the syntax
highlighting of code blocks (a ``<span>`` per token) and the line anchors
(``<a id="__codelineno-...">``); neither carries text. Just before the search
plugin reads a page, this hook gives it the page without those tags (the text
is unchanged, so the index is the same); just after, the page gets its real
HTML back, with the ``data-search-*`` attributes removed as the search plugin
does. bench/docs_build_time.py measures the build.
"""

from __future__ import annotations

import re

from mkdocs.plugins import CombinedEvent, event_priority

__all__ = ["on_page_context"]

_CODE = re.compile(r"<pre\b.*?</pre>", re.S)
_TEXTLESS = re.compile(r'</?span\b[^>]*>|<a id="__codelineno-[^"]*"[^>]*></a>')
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as material/plugins/search

_original: dict[int, str] = {}


def _text_only(html: str) -> str:
    return _CODE.sub(lambda m: _TEXTLESS.sub("", m.group(0)), html)


@event_priority(100)  # before the search plugin (priority 0)
def _text_for_search(context, page, config, nav):
    _original[id(page)] = page.content
    page.content = _text_only(page.content)
    return context


@event_priority(-100)  # after it: the real page, as the search plugin would leave it
def _restore(context, page, config, nav):
    page.content = _SEARCH_ATTRIBUTE.sub("", _original.pop(id(page)))
    return context


on_page_context = CombinedEvent(_text_for_search, _restore)
