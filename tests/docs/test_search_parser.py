"""hooks/search_parser.py: the faster parser splits pages into the sections
Material's own parser gives, on every built page and on the edge cases of
Material's handlers and of Python's html.parser."""

from __future__ import annotations

import re

import pytest
from material.plugins.search import plugin as search_plugin

from hooks import search_parser
from hooks.search_text_only import _text_only

# Material's parser as the hook found it (the hook may have replaced the
# module's name if a build ran in this process).
STOCK = search_parser._STOCK_PARSER


def parsed(parser_class, html: str):
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return parser


def sections(parser) -> list[tuple]:
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in parser.data]


def fast_path_taken(html: str) -> bool:
    return not parsed(search_parser.SectionParser, html).fell_back


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def test_same_sections_on_every_built_page(built_site):
    """Each built page's article (the HTML the search plugin reads, as
    hooks/search_text_only.py hands it over) gives the same sections both
    ways, and the fast path reads nearly all of them itself."""
    pages = sorted(built_site.rglob("*.html"))
    compared, fast, differ = 0, 0, []
    for page in pages:
        match = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if not match:
            continue
        html = _text_only(match.group(1))
        compared += 1
        ours = parsed(search_parser.SectionParser, html)
        fast += not ours.fell_back
        if sections(ours) != sections(parsed(STOCK, html)):
            differ.append(page.relative_to(built_site).as_posix())
    assert compared > 100, compared
    assert not differ, differ
    assert fast >= 0.95 * compared, f"only {fast} of {compared} pages took the fast path"


EDGE_CASES = {
    "preface before any heading": "<p>intro</p><h2 id='a'>A</h2><p>text</p>",
    "heading without id": "<h1>T</h1><h2>no id</h2><p>x</p>",
    "permalink ignored in the title": '<h2 id="a">Title<a class="headerlink" href="#a">&para;</a></h2><p>t</p>',
    "entities and escaping": "<h1 id='t'>A &amp; B &lt;x&gt;</h1><p>1 &lt; 2 &amp;&amp; &quot;q&quot; &#169; &copy</p>",
    "whitespace collapsed outside pre": "<p>a\n b</p>\n\n \n<p>  </p>\n<ul>\n<li>x</li>\n</ul>",
    "whitespace kept in pre": "<pre><code>a\n\n  b\n</code></pre>\n\n<pre> </pre>",
    "consecutive whitespace kept in pre": "<pre>x<b> </b>\n<i></i>\n\n</pre><p>a<b> </b>\n<i></i> b</p>",
    "entities in attribute values": '<h1 id="t">T</h1><h2 id="a&amp;b" title="x &lt; y">A</h2><p>t</p>',
    "empty kept elements removed": "<p></p><p> </p><ul><li></li></ul><p><code></code>x</p>",
    "excluded block": '<h2 id="a">A</h2><div data-search-exclude><p>hidden</p></div><p>shown</p>',
    "nested close ends the exclusion (Material's quirk)":
        '<div data-search-exclude><div>in</div><p>after inner close</p></div><p>out</p>',
    "excluded heading": '<h2 id="a" data-search-exclude>A</h2><p>t</p><h2 id="b">B</h2><p>u</p>',
    "line numbers skipped": '<table><tr><td class="linenodiv"><pre>1\n2</pre></td><td><pre>code</pre></td></tr></table>',
    "style and script are raw text": "<p>a</p><style>p > a { x: '<b>' }</style><script>if (a < b) {}</script><p>b</p>",
    "svg with self-closing tags": '<svg><rect x="1"/><text>label</text><title>alt</title></svg><p>after</p>',
    "void tags": "<p>a<br>b<wbr>c<img src='x.png' alt='i'>d</p><hr/>",
    "comments": "<p>a<!-- <p>not</p> -->b<!-- x -- >c</p>",
    "upper-case tags and attributes": '<H2 ID="Up">Up</H2><P CLASS="x">Text</P>',
    "attribute forms": """<p id=plain data-x='single' data-y="a>b" data-z="" hidden>t</p>""",
    "nested heading section left for good": '<div><h2 id="in">In</h2><p>x</p></div><p>after</p><h2 id="b">B</h2>',
    "unclosed and stray end tags": "<div><p>a<span>b</p></div></span><p>c",
    "heading tag reused inside its title": '<h2 id="a">A</h2><div><h2>nested</h2></div><p>t</p>',
    "sub and sup kept": "<p>x<sub>2</sub> y<sup> </sup></p>",
}

UNUSUAL = {
    "bare less-than": "<p>a < b</p><p>c</p>",
    "doctype": "<!DOCTYPE html><p>a</p>",
    "processing instruction": "<?xml version='1.0'?><p>a</p>",
    "cdata section": "<p>a</p><![CDATA[ x ]]><p>b</p>",
    "odd attribute": "<p a==b>t</p>",
    "namespaced tag": "<svg:rect/><p>a</p>",
    "unclosed style": "<style>p { }",
}


@pytest.mark.parametrize("html", list(EDGE_CASES.values()), ids=list(EDGE_CASES))
def test_edge_cases_read_by_the_fast_path(html):
    assert fast_path_taken(html), "the fast path should read this page itself"
    assert sections(parsed(search_parser.SectionParser, html)) == sections(parsed(STOCK, html))


@pytest.mark.parametrize("html", list(UNUSUAL.values()), ids=list(UNUSUAL))
def test_unusual_markup_goes_to_materials_parser(html):
    assert not fast_path_taken(html)
    assert sections(parsed(search_parser.SectionParser, html)) == sections(parsed(STOCK, html))


def test_the_hook_mirrors_the_installed_material():
    """Upgrading Material changes its parser's source: this fails until the
    copy is checked against the new one and MIRRORED_SOURCE updated; until
    then the hook leaves Material's parser in place."""
    assert search_parser.materials_parser_source() == search_parser.MIRRORED_SOURCE


def test_the_hook_installs_only_over_the_parser_it_mirrors(monkeypatch):
    monkeypatch.setattr(search_plugin, "Parser", STOCK)
    search_parser.on_startup(command="build", dirty=False)
    assert search_plugin.Parser is search_parser.SectionParser
    monkeypatch.setattr(search_parser, "MIRRORED_SOURCE", "0" * 64)
    search_parser.on_startup(command="build", dirty=False)
    assert search_plugin.Parser is STOCK
