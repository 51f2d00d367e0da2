"""What the browser crawl checks on one loaded page.

``PAGE_CHECK_JS`` runs inside the page and returns the problems it sees,
each naming the element (tag, classes, id, start of its text), so a failing
crawl says where to look. It is kept apart from the Playwright plumbing in
tests/docs/test_browser.py so the rules can be read in one place:

- the page renders: a non-empty ``<h1>`` inside the content area;
- nothing is pushed past the right edge of the viewport: an element whose
  right edge is beyond the viewport is a problem unless an ancestor scrolls
  or clips it on purpose (wide tables and code scroll inside their own box);
- known-bad code is marked: a code block titled ``*_bad.py`` sits in an
  admonition of a red type whose title starts with "Known-bad" (Chinese edition: "已知有误（Known-bad）");
- diagrams render: every ``.mermaid`` block holds an ``<svg>`` with text and
  no Mermaid syntax-error output;
- the copy button of a code block (Material's ``.md-code__nav``) does not
  cover the text of the block's first line (docs/assets/stylesheets/code.css);
- charts (bench/charts.py, in a ``<figure class="chart">``) render as an
  ``<svg role="img">`` with alt text (its ``<title>``), fit their column,
  and draw their text in the page's text colour (currentColor), so they read
  in the light and the dark scheme alike.
- a failure report shown open (an open ``failure`` box holding the report's
  text, or an interleaving picture outside a closed box) is no taller than
  the screen: longer ones start collapsed.

``TABLE_FIT_JS`` is stricter: it opens every collapsed block and names each
table that scrolls sideways inside its container. The crawl runs it on every
page at desktop width (no table is cut off at 1280 px), and at every width
on pages whose tables must fit a phone (the verification report).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PAGE_CHECK_JS = r"""
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].slice(0, 3).join('.');
    const text = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    return text ? `${s} "${text}"` : s;
  };
  const h1 = document.querySelector('.md-content h1');
  if (!h1 || !h1.innerText.trim()) problems.push('no <h1> with text in the content area');

  // Sideways overflow: elements reaching past the viewport that no ancestor scrolls or clips.
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (clipped(el)) continue;
    // report the outermost offender only
    if (wide.some((w) => w.contains(el))) continue;
    wide.push(el);
  }
  for (const el of wide.slice(0, 5)) {
    const r = el.getBoundingClientRect();
    problems.push(`sideways overflow: ${describe(el)} reaches ${Math.round(r.right)}px of ${width}px`);
  }
  const scroll = document.documentElement.scrollWidth;
  if (scroll > width + 1) problems.push(`page scrolls sideways: scrollWidth ${scroll}px > ${width}px`);

  // Known-bad code blocks carry their marker.
  for (const title of document.querySelectorAll('.md-typeset .highlight > .filename, .md-typeset .highlight span.filename')) {
    if (!/_bad\.py\b/.test(title.textContent)) continue;
    const box = title.closest('.admonition, details');
    const ok = box && /\b(danger|failure|bug)\b/.test(box.className)
      && /^\s*(Known-bad|已知有误（Known-bad）)/.test((box.querySelector(':scope > .admonition-title, :scope > summary') || {}).textContent || '');
    if (!ok) problems.push(`known-bad code without a Known-bad box: ${title.textContent.trim()}`);
  }

  // Diagrams rendered, as text.
  for (const d of document.querySelectorAll('.mermaid')) {
    const root = d.shadowRoot || d;
    const svg = root.querySelector('svg');
    if (!svg) { problems.push(`diagram not rendered: ${describe(d)}`); continue; }
    if (/Syntax error|Parse error/i.test(svg.textContent)) problems.push(`diagram has a syntax error: ${describe(d)}`);
    else if (!svg.textContent.trim()) problems.push(`diagram has no text: ${describe(d)}`);
  }

  // The copy button leaves the first line of its code block readable: its box
  // does not intersect the boxes of the first line's text.
  for (const pre of document.querySelectorAll('pre')) {
    const nav = pre.querySelector(':scope > .md-code__nav');
    const code = pre.querySelector(':scope > code');
    if (!nav || !code) continue;
    const b = nav.getBoundingClientRect();
    if (b.width === 0 || b.height === 0) continue;
    const range = document.createRange();
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let started = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      let from = 0;
      if (!started) {
        from = text.search(/\S/);
        if (from < 0) continue;
        range.setStart(node, from);
        started = true;
      }
      const end = text.indexOf('\n', from);
      if (end >= 0) { range.setEnd(node, end); break; }
      range.setEnd(node, text.length);
    }
    if (!started) continue;
    const covered = [...range.getClientRects()].some((r) => r.width > 0
      && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top);
    if (covered) problems.push(`copy button covers the first line of a code block: ${describe(code)}`);
  }

  // Charts: an accessible SVG that fits and takes the page's text colour.
  for (const fig of document.querySelectorAll('figure.chart')) {
    const svg = fig.querySelector('svg');
    if (!svg) { problems.push(`chart without an <svg>: ${describe(fig)}`); continue; }
    const title = svg.querySelector(':scope > title');
    if (svg.getAttribute('role') !== 'img' || !title || !title.textContent.trim())
      problems.push(`chart without alt text (<svg role="img"> and a <title>): ${describe(fig)}`);
    const f = fig.getBoundingClientRect(), s = svg.getBoundingClientRect();
    if (s.width > f.width + 1) problems.push(`chart wider than its column (${Math.round(s.width)}px in ${Math.round(f.width)}px): ${describe(fig)}`);
    const ink = getComputedStyle(fig).color;
    const texts = [...svg.querySelectorAll('text')];
    if (!texts.length) problems.push(`chart has no text (labels drawn as paths?): ${describe(fig)}`);
    const off = texts.filter((t) => getComputedStyle(t).fill !== ink);
    if (off.length) problems.push(`chart text not in the page's text colour (${getComputedStyle(off[0]).fill} on a page written in ${ink}): ${describe(fig)}`);
  }

  // Failure reports shown open fit on one screen (longer ones start collapsed).
  const screen = window.innerHeight;
  const shown = [
    ...[...document.querySelectorAll('details.failure[open]')].filter((d) => d.querySelector('pre')),
    ...document.querySelectorAll('figure.rc-interleaving'),
  ].filter((el) => !el.parentElement.closest('details:not([open])'));
  for (const el of shown) {
    const h = el.getBoundingClientRect().height;
    if (h > screen) problems.push(`open report taller than the screen (${Math.round(h)}px > ${screen}px): ${describe(el)}`);
  }
  return problems;
}
"""

TABLE_FIT_JS = r"""
() => {
  // A table inside a closed <details> has no box: open every block first.
  for (const d of document.querySelectorAll('details')) d.open = true;
  const problems = [];
  const tables = [...document.querySelectorAll('.md-content table')];
  for (const t of tables) {
    // Material draws a table as its own scroll box (inline-block, max-width 100%,
    // overflow auto) inside .md-typeset__scrollwrap, which scrolls too: the table
    // fits when neither has to scroll sideways.
    const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
    const box = [t, wrap].find((b) => b.scrollWidth > b.clientWidth + 1);
    if (!box) continue;
    const where = (t.closest('details')?.querySelector(':scope > summary')?.textContent
      || t.rows[0]?.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 70);
    problems.push(`table overflows its container (${box.scrollWidth}px in ${box.clientWidth}px): ${where}`);
  }
  if (!tables.length) problems.push('no table on the page');  // NO_TABLE
  return problems;
}
"""


NO_TABLE = "no table on the page"

# What the crawl runs on each loaded page, in one evaluation: wait until every
# diagram holds its SVG (Mermaid draws after the load event), then
# PAGE_CHECK_JS, then (``fitTables``) TABLE_FIT_JS, which opens every
# collapsed block and so must come last.
VISIT_JS = f"""
async ({{diagramTimeout, fitTables}}) => {{
  const problems = [];
  const drawn = () => [...document.querySelectorAll('.mermaid')].every(d => (d.shadowRoot || d).querySelector('svg'));
  const until = Date.now() + diagramTimeout;
  while (!drawn() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  if (!drawn()) problems.push(`diagrams did not render within ${{diagramTimeout}} ms`);
  problems.push(...({PAGE_CHECK_JS})());
  if (fitTables) problems.push(...({TABLE_FIT_JS})().filter((p) => p !== {NO_TABLE!r}));
  return problems;
}}
"""


def site_pages(site: Path) -> list[str]:
    """Every built HTML page of the site, as a URL path relative to its root
    (``""`` for the home page, ``"dir/"`` for ``dir/index.html``)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


@contextlib.contextmanager
def serve(directory: Path, *, idle_search: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the root URL.

    ``idle_search`` serves Material's search worker as an empty script and
    the search index as an empty one: the crawl checks pages, not search
    (search has its own tests, on the real index), and every page would
    otherwise fetch and parse the 1.4 MB (English) or 2.5 MB (Chinese) index
    and build it in a worker, which triples the crawl's time on 2 cores."""
    handler = functools.partial(_QuietHandler, directory=str(directory), idle_search=idle_search)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


_SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
_SEARCH_INDEX = re.compile(r"/search/search_index\.json$")
# What an idle search gets instead of the index (the worker never reads it):
# a valid index with no documents, so the page does not parse megabytes of JSON.
EMPTY_SEARCH_INDEX = json.dumps({"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}).encode()


class _QuietHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, idle_search: bool = False, **kwargs):
        self.idle_search = idle_search
        super().__init__(*args, **kwargs)

    def log_message(self, *args):  # keep the test output readable
        pass

    def end_headers(self):
        # The served build does not change while it is served: the browser may
        # keep every file instead of asking again on each page.
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self):
        path = urlsplit(self.path).path
        worker = _SEARCH_WORKER.search(path) is not None
        if self.idle_search and (worker or _SEARCH_INDEX.search(path)):
            body = b"" if worker else EMPTY_SEARCH_INDEX
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript" if worker else "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser moved on to the next page mid-transfer


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def leaves_localhost(url: str) -> bool:
    """Is ``url`` a network request to a host other than this machine?"""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS


def guarded_context(browser, width: int, height: int):
    """A Playwright browser context that records every request off localhost
    in ``context.outside_requests``. The browser cannot reach another host
    (tests/support/browser.py resolves every other name to nothing), and the
    requests are watched rather than intercepted: intercepting them (Playwright's
    ``route``) turns the browser's HTTP cache off, and every page then
    downloads and compiles the theme's scripts and Mermaid afresh."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(20_000)
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url) if leaves_localhost(r.url) else None)
    context.outside_requests = outside
    return context


class Crawler:
    """One tab at one viewport, reused for every page it visits."""

    def __init__(self, browser, width: int, height: int, *, diagram_timeout_ms: int = 15_000, fit_tables: bool = False):
        self.diagram_timeout_ms = diagram_timeout_ms
        self.fit_tables = fit_tables  # also run TABLE_FIT_JS (opens every collapsed block)
        self.context = guarded_context(browser, width, height)
        # Material draws each diagram into a closed shadow root; open it so the
        # check below can see the SVG (this changes nothing else on the page).
        self.context.add_init_script(
            "const attach = Element.prototype.attachShadow;"
            "Element.prototype.attachShadow = function (init) {"
            "  return attach.call(this, Object.assign({}, init, {mode: 'open'})); };"
        )
        self.page = self.context.new_page()
        self.events: list[str] = []
        self._requests_before = 0
        on = self.page.on
        on("console", lambda m: self.events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        on("pageerror", lambda e: self.events.append(f"uncaught error: {e}"))
        # ERR_ABORTED: a request cut short because the crawl moved on.
        on("requestfailed", lambda r: self.events.append(f"request failed: {r.url} ({r.failure})")
           if "ERR_ABORTED" not in (r.failure or "") else None)
        on("response", lambda r: self.events.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def visit(self, url: str) -> list[str]:
        """Load ``url`` and return every problem seen on it."""
        self.events.clear()
        self._requests_before = len(self.context.outside_requests)
        self.page.goto(url, wait_until="load")
        return self.check()

    def check(self) -> list[str]:
        """Every problem seen on the page as it is now (after ``visit``, or
        after something on the page changed it), events since the load included."""
        # One round trip to the page: wait for the diagrams, then every check.
        problems = self.page.evaluate(VISIT_JS, {"diagramTimeout": self.diagram_timeout_ms, "fitTables": self.fit_tables})
        problems += self.events
        problems += [f"request left localhost: {u}" for u in self.context.outside_requests[self._requests_before:]]
        return problems

    def close(self) -> None:
        self.context.close()
