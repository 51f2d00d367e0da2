"""Material's search index, built by a faster copy of its own HTML parser.

Material's search plugin splits every page into sections with a subclass of
Python's ``html.parser.HTMLParser`` (``material.plugins.search.plugin.Parser``),
and with two editions that parser was the largest single cost of the build
after Markdown itself (about 0.55 s of CPU per edition, measured per call).
Its handlers look up tags through ``Element`` objects compared by tag name
in sets and lists, and ``HTMLParser`` tokenizes with one method call per tag.

``SectionParser`` gives the same sections, text and titles: the same
handlers, rewritten over plain tag names (``Element`` compares by tag name,
so a set of elements is a set of names), driven by one regular expression
that reads well-formed tags, end tags, comments and the raw text of
``<script>`` and ``<style>``. Whenever a page holds anything else (a ``<``
that starts no such token: a declaration, a processing instruction, a bare
``<``), the whole page goes to Material's own parser instead, so an odd page
is slower, never indexed differently. Material's quirks are kept on purpose
(a closing ``</div>`` inside an excluded ``<div>`` ends the exclusion, a
heading's title collects text from any element with its tag name).

The copy mirrors Material 9.8.1: the hook installs it only while the
installed parser's source is the one it mirrors (``MIRRORED_SOURCE``), and
tests/docs/test_search_parser.py checks both parsers give the same sections
on every built page and on the edge cases above. bench/docs_build_time.py
measures the build.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import re
from html import escape, unescape

import material.plugins.search.plugin as search_plugin

__all__ = ["MIRRORED_SOURCE", "SectionParser", "materials_parser_source", "on_startup"]

log = logging.getLogger("mkdocs.hooks.search_parser")

# sha256 of the source of Material's Parser, Element and Section and its void
# tag set, for the release this module mirrors (9.8.1).
MIRRORED_SOURCE = "5df7bdb5cc1761c338a5481ddf8345c7d5401051ff87c83ff0fc04558a0b6dc9"

_STOCK_PARSER = search_plugin.Parser
_ELEMENT, _SECTION, _VOID = search_plugin.Element, search_plugin.Section, frozenset(search_plugin.void)
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_KEEP = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])  # tags the index keeps
_ALWAYS_SKIPPED = frozenset(["object", "script", "style"])

# One token at a "<": an end tag, a start tag (well-formed attributes only,
# maybe self-closing) or a comment (closed as Python's html.parser closes it).
_TOKEN = re.compile(
    r"<(?:/(?P<end>[a-zA-Z][-a-zA-Z0-9]*)\s*"
    r"|(?P<start>[a-zA-Z][-a-zA-Z0-9]*)"
    r"(?P<attrs>(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*(?P<closed>/?))>"
    r"|<!--.*?--\s*>",
    re.S,
)
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in ("script", "style")}


class _Unusual(Exception):
    """The page holds markup the regular expression does not read."""


def materials_parser_source() -> str:
    """sha256 of the installed Material's parser source (see MIRRORED_SOURCE)."""
    parts = [inspect.getsource(c) for c in (_STOCK_PARSER, _ELEMENT, _SECTION)] + [repr(sorted(_VOID))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _attributes(raw: str) -> dict:
    attrs = {}
    for m in _ATTR.finditer(raw):
        value = next((v for v in m.group(2, 3, 4) if v is not None), None)
        attrs[m.group(1).lower()] = unescape(value) if value else value
    return attrs


class SectionParser:
    """Material's ``Parser`` (``feed``, ``close``, ``data``: the sections), faster."""

    def __init__(self) -> None:
        self.context: list = []  # open elements, as Material's parser keeps them
        self.open: dict[str, int] = {}  # tag name -> how many of ``context`` have it
        self.skip = set(_ALWAYS_SKIPPED)  # tag names whose content is not indexed
        self.section = None
        self.data: list = []
        self.fell_back = False  # the page went to Material's parser

    def feed(self, html: str) -> None:
        try:
            self._tokenize(html)
        except _Unusual:
            stock = _STOCK_PARSER()
            stock.feed(html)
            stock.close()
            self.data, self.fell_back = stock.data, True

    def close(self) -> None:
        pass

    def _tokenize(self, html: str) -> None:
        pos, n, search = 0, len(html), _TOKEN.search
        while pos < n:
            m = search(html, pos)
            stop = m.start() if m else n
            if stop > pos:
                text = html[pos:stop]
                if "<" in text:
                    raise _Unusual
                self._data(unescape(text) if "&" in text else text)
            if not m:
                return
            pos = m.end()
            end, start = m.group("end", "start")
            if end:
                self._end(end.lower())
            elif start:
                tag = start.lower()
                raw = m.group("attrs")
                self._start(tag, _attributes(raw) if raw else {})
                if m.group("closed"):
                    self._end(tag)
                elif tag in _RAW_TEXT_END:
                    close = _RAW_TEXT_END[tag].search(html, pos)
                    if not close:
                        raise _Unusual
                    if close.start() > pos:
                        self._data(html[pos:close.start()])
                    self._end(tag)
                    pos = close.end()

    def _skipping(self) -> bool:
        return any(self.open.get(tag) for tag in self.skip)

    def _new_preface(self) -> None:
        self.section = _SECTION(_ELEMENT("hx"))
        self.data.append(self.section)

    def _kept(self) -> list:
        """The list a kept tag or text goes to: the section's title while its heading is open."""
        return self.section.title if self.open.get(self.section.el.tag) else self.section.text

    def _start(self, tag: str, attrs: dict) -> None:
        if tag in _VOID:
            return
        el = _ELEMENT(tag, attrs)
        self.context.append(el)
        self.open[tag] = self.open.get(tag, 0) + 1
        if tag in _HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.section = _SECTION(_ELEMENT("hx"), depth)
                self.data.append(self.section)
            self.section = _SECTION(el, depth)
            if self.data:
                self.section.id = attrs["id"]
            self.data.append(self.section)
        if not self.section:
            self._new_preface()
        if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
            self.skip.add(tag)
            return
        if tag in _KEEP and not self._skipping():
            self._kept().append(f"<{tag}>")

    def _end(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return
        depth = len(self.context)
        if self.section.depth > depth:
            for section in reversed(self.data):
                if section.depth <= depth:
                    self.section.depth = float("inf")  # left for good
                    self.section = section
                    break
        self.context.pop()
        self.open[tag] -= 1
        if tag in self.skip:
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
            return
        if tag in _KEEP and not self._skipping():
            data = self._kept()
            index = data.index(f"<{tag}>")
            if any(not item.isspace() for item in data[index + 1:]):
                data.append(f"</{tag}>")
            else:  # an empty (or whitespace-only) element leaves nothing
                del data[index:]

    def _data(self, data: str) -> None:
        if self._skipping():
            return
        in_pre = self.open.get("pre")
        if not in_pre:
            data = " " if data.isspace() else data.replace("\n", " ")
        if not self.section:
            self._new_preface()
        section = self.section
        if self.open.get(section.el.tag):
            if not any(el.tag == "a" and el.attrs.get("class") == "headerlink" for el in self.context):
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))


def on_startup(command, dirty) -> None:
    if materials_parser_source() == MIRRORED_SOURCE:
        search_plugin.Parser = SectionParser
    else:
        search_plugin.Parser = _STOCK_PARSER
        log.info("search_parser: Material's search parser is not the one this hook mirrors; using it as it is")
