"""The built site in a real browser (Debian's Chromium).

Serves the strict build on 127.0.0.1 and opens it with Playwright. The crawl
visits EVERY built page at 1280x800 and 390x844 (workers of one browser each,
one tab per viewport) and checks what tests/support/crawl.py lists: the
page renders, no sideways overflow, known-bad code in its Known-bad box,
diagrams rendered; plus no console error, no failed request and no request
leaving localhost. It prints how long it took. In a run of one process it
starts with the module's first test and runs beside the others (they mostly
wait, the crawl uses the idle core); test_crawl_pages, last, collects it.
The smoke tests check the home page's navigation, that search finds pages,
that practice-mode answers open on click and print open, that tabs switch
and the copy button copies; a fixed set
of pages is saved as screenshots (light and dark, desktop and phone) under
build/screenshots/ for CI to keep as artifacts. Skipped (with how to install
Chromium) where Chromium is absent, except under CI, where it must run.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, CJK_FONT_PACKAGE, launch, missing_glyphs
from tests.support.crawl import TABLE_FIT_JS, Crawler, guarded_context, serve, site_pages
from tests.support.config import translation_prefixes

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def crawl_url(built_site):
    """The same build, served with an idle search worker (tests/support/crawl.py's
    ``serve``): for the tests that check pages rather than search."""
    with serve(built_site, idle_search=True) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(browser):
    context = guarded_context(browser, 1400, 900)  # wide: tabs shown
    page = context.new_page()
    page.outside_requests = context.outside_requests
    yield page
    context.close()


def test_home_renders_with_title_and_navigation(browser_page, crawl_url):
    browser_page.goto(crawl_url, wait_until="networkidle")
    assert "verified handbook" in browser_page.title()
    assert browser_page.locator("h1").first.inner_text().strip() != ""
    nav_text = browser_page.locator("nav.md-tabs").first.inner_text()
    for section in ("Source article, reviewed", "Interview questions", "Coding problems", "Verification"):
        assert section in nav_text


def type_with_keys(page, text: str) -> None:
    box = page.locator("input.md-search__input")
    box.fill(text)
    box.press("End")  # a key press after the text, as the first browser tests typed it


def type_with_input_method(page, text: str) -> None:
    """As a Chinese input method commits a word: compositionstart, input
    events while composing, compositionend; no key event carries the text
    (Chromium's own IME path, through the DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
        cdp.send("Input.insertText", {"text": text})
    finally:
        cdp.detach()


TYPING = {"keys": type_with_keys, "input-method": type_with_input_method}


def wait_for_search_index(page) -> None:
    """Until Material's search worker has its index: when it gets ready it
    re-reads the box by itself, which would hide whether typing reached it."""
    page.wait_for_function(
        "(() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() && !/Initializing|初始化/.test(m.textContent); })()"
    )


@pytest.fixture(scope="module")
def search_page(browser):
    """A tab per edition's home page (by URL), its search index loaded
    (Material builds it in a worker on every page load, a second of CPU),
    shared by the search tests: each query starts from an empty box."""
    context = guarded_context(browser, 1400, 900)
    pages = {}

    def page_at(url: str):
        if url not in pages:
            page = pages[url] = context.new_page()
            page.goto(url, wait_until="load")  # then until the search index is ready
            page.locator("input.md-search__input").click()
            wait_for_search_index(page)
        return pages[url]

    yield page_at
    context.close()


def search_hrefs(search_page, url, query: str, typing: str = "keys") -> list[str]:
    page = search_page(url)
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a")
    box.fill("")  # the last query's results go: what shows next is this query's
    results.first.wait_for(state="detached")
    box.click()
    TYPING[typing](page, query)
    assert box.input_value() == query
    results.first.wait_for()
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


@pytest.mark.parametrize("query", ["RWMutex", "死锁"])
def test_search_finds_the_seed_review(search_page, site_url, query):
    """English and Chinese queries (the page quotes the Chinese source article)."""
    hrefs = search_hrefs(search_page, site_url, query)
    assert any("seed-review/" in h for h in hrefs), hrefs


# The Chinese edition's search (issue 13): each query finds its page first.
# Pages are named by their English path; the Chinese page is zh/<path>.
CHINESE_QUERIES = {
    "死锁": ("analysis/deadlocks/", "interview/fundamentals/deadlock-conditions/"),
    "线程安全": ("interview/fundamentals/thread-safety-terms/",),
    "条件变量": ("interview/fundamentals/condition-variables/",),
    "读写锁": ("problems/primitives/rw-lock/",),
    "连续批处理": ("interview/serving/continuous-batching/",),
    "分词器": ("interview/serving/tokenizer-threads/", "analysis/real-stack/tokenizers/"),
    "全归约": ("interview/training/data-parallel-all-reduce/",),  # a term mixing English and Chinese
    "锁粒度": ("interview/fundamentals/lock-granularity/",),
}


def _page_of(href: str) -> str:
    """A search result's page: without the highlight query (?h=) and anchor."""
    return href.split("#")[0].split("?")[0]


@pytest.mark.parametrize("typing", sorted(TYPING))
@pytest.mark.parametrize("query", sorted(CHINESE_QUERIES))
def test_chinese_search_finds_the_right_page_first(search_page, site_url, query, typing):
    """Typed key by key, and committed by an input method as Chinese readers
    type it (docs/assets/javascripts/search-input.js makes search see it)."""
    expected = CHINESE_QUERIES[query]
    hrefs = search_hrefs(search_page, site_url + "zh/", query, typing)
    first = _page_of(hrefs[0])
    assert first.startswith(site_url + "zh/"), hrefs[:5]
    assert any(first.endswith("zh/" + path) for path in expected), (query, hrefs[:5])


@pytest.mark.parametrize("query", ["条件变量", "读写锁", "全归约"])
def test_chinese_terms_find_the_english_page(search_page, site_url, query):
    """In the English edition, a Chinese term finds the English page on that
    topic first (glossary terms are search keywords of their main page)."""
    expected = CHINESE_QUERIES[query][0]
    hrefs = search_hrefs(search_page, site_url, query, "input-method")
    assert _page_of(hrefs[0]) == site_url + expected, (query, hrefs[:5])


def test_input_method_search_fails_without_the_forwarder(browser, site_url):
    """The input-method typing has teeth: with search-input.js served empty,
    Material's search never sees the committed text (no result appears)."""
    context = guarded_context(browser, 1400, 900)
    try:
        context.route("**/search-input.js", lambda r: r.fulfill(body="", content_type="text/javascript"))
        page = context.new_page()
        page.goto(site_url + "zh/", wait_until="load")
        page.locator("input.md-search__input").click()
        wait_for_search_index(page)
        type_with_input_method(page, "条件变量")
        page.wait_for_timeout(1_500)
        assert page.locator(".md-search-result__item a").count() == 0
    finally:
        context.close()


def test_english_search_lists_english_pages_only(search_page, site_url):
    hrefs = search_hrefs(search_page, site_url, "deadlock")
    assert hrefs and not [h for h in hrefs if "/zh/" in h], hrefs[:5]


def test_language_switch_keeps_the_page(browser_page, crawl_url):
    page, site_url = browser_page, crawl_url
    page.goto(site_url + "analysis/deadlocks/", wait_until="load")
    page.locator('a.md-select__link[hreflang="zh"]').first.evaluate("a => a.click()")
    page.wait_for_url(site_url + "zh/analysis/deadlocks/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.locator('a.md-select__link[hreflang="en"]').first.evaluate("a => a.click()")
    page.wait_for_url(site_url + "analysis/deadlocks/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_no_request_leaves_localhost(browser_page, site_url):
    for path in ("", "seed-review/", "contributing/"):
        browser_page.goto(site_url + path, wait_until="networkidle")
    assert browser_page.outside_requests == []


VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


# The other editions' pages live under these prefixes (mkdocs.yml, i18n languages).
TRANSLATION_PREFIXES = translation_prefixes()
SPECIAL_CONTENT = ('class="mermaid"', 'class="chart"')


def quick_subset(site: Path, pages: list[str]) -> list[str]:
    """Pages the everyday run crawls. In the English edition: every section
    index (a page with pages below it), the first page of each section (so
    every page template is seen) and every page with a diagram or a chart.
    In the other editions, which use the same templates, stylesheets and
    generated pictures: the home page and every page with a diagram or a
    chart (translated labels change a diagram's size). CI and `make crawl`
    (CRAWL=full) crawl every page of every edition."""
    chosen, sections_seen = [], set()
    for path in pages:
        html = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        special = any(mark in html.read_text(encoding="utf-8") for mark in SPECIAL_CONTENT)
        if path.startswith(TRANSLATION_PREFIXES):
            if special or path in TRANSLATION_PREFIXES:
                chosen.append(path)
            continue
        is_index = any(c.is_dir() and (c / "index.html").is_file() for c in html.parent.iterdir())
        section = html.parent.parent
        if is_index or path == "" or section not in sections_seen:
            chosen.append(path)
            sections_seen.add(section)
        elif special:
            chosen.append(path)
    return chosen


def full_crawl() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("CRAWL") == "full"


# Crawl workers: one thread and one browser each (Playwright's sync API is one
# instance per thread), taking pages from a shared queue; the machine's cores
# are the limit (2 here), at least 2.
CRAWL_WORKERS = int(os.environ.get("CRAWL_WORKERS", max(2, os.cpu_count() or 2)))


def _crawl_worker(url: str, todo: queue.SimpleQueue, stop: threading.Event) -> tuple[list[str], int, float]:
    """Visit pages from ``todo`` (until it is empty or ``stop`` is set) at
    every viewport, each a fresh page load in that viewport's own tab;
    (findings, pages, seconds)."""
    started = time.perf_counter()
    findings: list[str] = []
    visited = 0
    with launch() as browser:
        # at desktop width no table may be cut off (scroll sideways), even in a collapsed block
        crawlers = {v: Crawler(browser, *size, fit_tables=v == "desktop") for v, size in VIEWPORTS.items()}
        try:
            while not stop.is_set():
                try:
                    path = todo.get_nowait()
                except queue.Empty:
                    break
                for viewport, crawler in crawlers.items():
                    findings += [f"/{path} @ {viewport}: {p}" for p in crawler.visit(url + path)]
                visited += 1
        finally:
            for crawler in crawlers.values():
                crawler.close()
    return findings, visited, time.perf_counter() - started


class CrawlRun:
    """The crawl of ``pages``, running in its worker threads from the moment
    it is made; ``results()`` waits for it."""

    def __init__(self, url: str, pages: list[str]):
        self.pages = pages
        self.stop = threading.Event()
        todo: queue.SimpleQueue = queue.SimpleQueue()
        for path in pages:
            todo.put(path)
        self.started = time.perf_counter()
        self.pool = ThreadPoolExecutor(max_workers=CRAWL_WORKERS, thread_name_prefix="crawl")
        self.runs = [self.pool.submit(_crawl_worker, url, todo, self.stop) for _ in range(CRAWL_WORKERS)]

    def results(self) -> tuple[list[tuple[list[str], int, float]], float]:
        """Every worker's (findings, pages, seconds), and the crawl's seconds."""
        results = [run.result() for run in self.runs]
        return results, time.perf_counter() - self.started

    def close(self) -> None:
        self.stop.set()  # a run cut short (a failure, ^C) stops after the pages in hand
        self.pool.shutdown(wait=True)


@pytest.fixture(scope="module")
def crawl_run(crawl_url, built_site):
    pages = site_pages(built_site)
    assert len(pages) > 50, pages  # the crawl really walks the site
    run = CrawlRun(crawl_url, pages if full_crawl() else quick_subset(built_site, pages))
    yield run
    run.close()


@pytest.fixture(scope="module", autouse=True)
def _crawl_alongside_the_other_tests(request):
    """In a run of one process, the crawl starts with the module's first test
    and runs in its threads while the other tests of the module run: they
    mostly wait (on page loads, search indexes, timeouts) and leave a core
    idle, which the crawl uses. Under pytest-xdist other workers fill the
    machine instead, and the crawl starts when its test does."""
    crawl_selected = any(item.name == "test_crawl_pages" and item.module is request.module
                         for item in request.session.items)
    if not os.environ.get("PYTEST_XDIST_WORKER") and crawl_selected:
        request.getfixturevalue("crawl_run")


GOOD_HTML = """<!doctype html><html><head><meta name="viewport" content="width=device-width">
<title>ok</title><link rel="icon" href="data:,"></head><body><div class="md-content"><h1>Fine</h1>
<div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">{wide}</td></tr></table></div>
<div class="md-typeset"><div class="admonition danger"><p class="admonition-title">Known-bad: x_bad.py</p>
<div class="highlight"><span class="filename">snippets/x_bad.py</span><pre>x = 1</pre></div></div></div>
<pre style="position:relative"><nav class="md-code__nav" style="position:absolute;top:0;right:0;width:40px;height:30px">
</nav><code style="display:block;overflow:auto;padding-top:40px">{wide}
second line</code></pre>
<figure class="chart" style="color:#333"><svg role="img" viewBox="0 0 100 50" style="width:100%">
<title>A line going up</title><text x="5" y="20" style="fill:currentColor">1</text></svg></figure>
</div></body></html>""".replace("{wide}", "w" * 400)

BAD_HTML = """<!doctype html><html><head><meta name="viewport" content="width=device-width">
<title>bad</title><link rel="stylesheet" href="missing.css"></head><body><div class="md-content">
<h1>Broken</h1><p style="width:2000px">too wide</p>
<div class="md-typeset"><div class="admonition note"><p class="admonition-title">Attempt</p>
<div class="highlight"><span class="filename">snippets/y_bad.py</span><pre>y = 1</pre></div></div>
<div class="mermaid">graph LR; A-->B</div></div>
<pre style="position:relative"><nav class="md-code__nav" style="position:absolute;top:0;right:0;width:40px;height:30px">
</nav><code style="display:block;overflow:auto">first_line_that_runs_under_the_copy_button_{wide}
second line</code></pre>
<details class="failure" open><summary>What racecheck reports</summary><pre>{tall}</pre></details>
<img src="http://example.invalid/tracker.png"><script>console.error("boom")</script>
<figure class="chart" style="color:#eee"><svg viewBox="0 0 100 50" style="width:100%">
<text x="5" y="20" style="fill:#000000">1</text></svg></figure>
</div></body></html>""".replace("{wide}", "w" * 400).replace("{tall}", "step\n" * 80)


def test_crawl_check_has_teeth(browser, tmp_path):
    """A throwaway site: the crawl passes a good page and names every fault of a bad one."""
    (tmp_path / "good.html").write_text(GOOD_HTML, encoding="utf-8")
    (tmp_path / "bad.html").write_text(BAD_HTML, encoding="utf-8")
    crawler = Crawler(browser, *VIEWPORTS["phone"], diagram_timeout_ms=500)
    try:
        with serve(tmp_path) as url:
            assert crawler.visit(url + "good.html") == []
            problems = "\n".join(crawler.visit(url + "bad.html"))
    finally:
        crawler.close()
    for expected in (
        'sideways overflow: p "too wide"',
        "page scrolls sideways",
        "known-bad code without a Known-bad box: snippets/y_bad.py",
        "diagrams did not render",
        'copy button covers the first line of a code block: code "first_line_that_runs_under',
        "console error: boom",
        "HTTP 404",
        "request left localhost: http://example.invalid/tracker.png",
        'chart without alt text (<svg role="img"> and a <title>)',
        "chart text not in the page's text colour (rgb(0, 0, 0) on a page written in rgb(238, 238, 238))",
        'open report taller than the screen',
    ):
        assert expected in problems, problems


# Pages with charts (bench/charts.py), checked in both colour schemes: the
# crawl's chart rules (alt text, fits, text in the page's colour) hold in each,
# and the chart's text really changes colour with the scheme.
CHART_PAGES = ("analysis/cost-of-locking/", "zh/analysis/cost-of-locking/")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_charts_follow_the_colour_scheme(browser, crawl_url, viewport):
    colours = {}
    for scheme in ("light", "dark"):
        crawler = Crawler(browser, *VIEWPORTS[viewport])
        crawler.page.emulate_media(color_scheme=scheme)
        try:
            for path in CHART_PAGES:
                assert crawler.visit(crawl_url + path) == [], f"{path} in the {scheme} scheme"
                fills = crawler.page.eval_on_selector_all(
                    "figure.chart svg text", "ts => [...new Set(ts.map(t => getComputedStyle(t).fill))]")
                assert len(fills) == 1, (path, scheme, fills)
                colours[path, scheme] = fills[0]
        finally:
            crawler.close()
    for path in CHART_PAGES:
        assert colours[path, "light"] != colours[path, "dark"], colours


# Pages whose tables must fit their column at every viewport, with every
# collapsed block open (tests/support/crawl.py's TABLE_FIT_JS).
FITTING_TABLE_PAGES = ("verification/report/", "zh/verification/report/")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("path", FITTING_TABLE_PAGES)
def test_tables_fit_without_scrolling(browser, crawl_url, path, viewport):
    crawler = Crawler(browser, *VIEWPORTS[viewport])
    try:
        assert crawler.visit(crawl_url + path) == []
        problems = crawler.page.evaluate(TABLE_FIT_JS)
    finally:
        crawler.close()
    assert problems == [], f"/{path} @ {viewport}:\n" + "\n".join(problems)


TABLES_HTML = """<!doctype html><html><head><meta name="viewport" content="width=device-width">
<link rel="icon" href="data:,">
<style>table { display: inline-block; max-width: 100%; overflow: auto; }</style>
</head><body><div class="md-content"><h1>Tables</h1>
<table><tr><th>short</th><td>fits</td></tr></table>
<details><summary>collapsed</summary><div class="md-typeset__scrollwrap" style="overflow-x:auto">
<table><tr><th>wide</th><td>{wide}</td></tr></table></div></details>
</div></body></html>""".replace("{wide}", "w" * 300)


def test_table_fit_check_has_teeth(browser, tmp_path):
    """A table that scrolls sideways, even inside a collapsed block, is named; one that fits is not."""
    (tmp_path / "tables.html").write_text(TABLES_HTML, encoding="utf-8")
    crawler = Crawler(browser, *VIEWPORTS["phone"], fit_tables=True)  # as the desktop crawl runs it
    try:
        with serve(tmp_path) as url:
            problems = crawler.visit(url + "tables.html")
    finally:
        crawler.close()
    assert len(problems) == 1 and problems[0].startswith("table overflows its container") \
        and problems[0].endswith(": collapsed"), problems


PRACTICE_PAGES = {
    "interview/fundamentals/deadlock-conditions/": "Short answer: try it first",
    "problems/leetcode/1114-print-in-order/": "Reference solution: try it first",
}
_BOX_BODY_VISIBLE = """(title) => {
  const box = [...document.querySelectorAll('details')].find(d =>
    d.querySelector(':scope > summary').textContent.trim() === title);
  const body = [...box.children].find(c => c.tagName !== 'SUMMARY');
  return body.checkVisibility();
}"""


@pytest.mark.parametrize("path", sorted(PRACTICE_PAGES))
def test_practice_mode_answer_opens_on_click(browser_page, crawl_url, path):
    title = PRACTICE_PAGES[path]
    browser_page.emulate_media(media="screen")
    browser_page.goto(crawl_url + path, wait_until="load")
    assert browser_page.evaluate(_BOX_BODY_VISIBLE, title) is False  # try it first
    browser_page.locator("summary", has_text=title).click()
    assert browser_page.evaluate(_BOX_BODY_VISIBLE, title) is True


@pytest.mark.parametrize("path", sorted(PRACTICE_PAGES))
def test_print_shows_every_collapsed_block_and_tab(browser_page, crawl_url, path):
    """docs/assets/stylesheets/print.css: on paper nothing is hidden."""
    browser_page.goto(crawl_url + path, wait_until="load")
    browser_page.emulate_media(media="print")
    try:
        hidden = browser_page.evaluate("""() => [
          ...[...document.querySelectorAll('details')].flatMap(d => [...d.children]
              .filter(c => c.tagName !== 'SUMMARY' && !c.checkVisibility())
              .map(() => 'details: ' + d.querySelector('summary').textContent.trim())),
          ...[...document.querySelectorAll('.tabbed-block')].filter(b => !b.checkVisibility())
              .map(b => 'tab: ' + b.textContent.trim().slice(0, 40)),
        ]""")
    finally:
        browser_page.emulate_media(media="screen")
    assert hidden == []


SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "build" / "screenshots"))
SCREENSHOT_PAGES = {
    "home": "",
    "start-here": "start-here/",
    "question": "interview/fundamentals/deadlock-conditions/",
    "problem": "problems/primitives/kv-block-allocator/",
}


def _descendant_thread_nices() -> list[int]:
    """The nice value of every thread of every process this one started (Linux /proc)."""
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
    mine, grew = {os.getpid()}, True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                grew = True
    nices = []
    for pid in mine - {os.getpid()}:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError, IndexError):
                nices.append(int((task / "stat").read_text().rsplit(")", 1)[1].split()[16]))
    return nices


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux /proc")
def test_browser_runs_at_the_callers_priority(browser_page):
    """tests/support/browser.py: no browser thread runs at a higher priority
    (lower nice) than the tests (as root Chromium would renice some to -8)."""
    browser_page.set_content("<p>x</p>")
    nices = _descendant_thread_nices()
    assert nices and min(nices) >= os.nice(0), sorted(set(nices))


CHINESE_SAMPLE = "线程安全死锁条件变量读写锁，。"


def test_chinese_text_has_a_font(browser_page):
    """The Chinese edition and its screenshots are readable: Chromium has a
    font with Chinese glyphs (under CI this must hold; elsewhere the test
    says what to install)."""
    browser_page.set_content("<p>x</p>")
    missing = missing_glyphs(browser_page, CHINESE_SAMPLE)
    if missing and not os.environ.get("CI"):
        pytest.skip(f"Chromium has no font for {''.join(missing)}: sudo apt-get install {CJK_FONT_PACKAGE}")
    assert missing == [], f"no font for {''.join(missing)}: install {CJK_FONT_PACKAGE}"


def test_font_check_has_teeth(browser, tmp_path):
    """With no font at all (fontconfig pointed at an empty folder), every
    Chinese character is reported missing."""
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><fontconfig>'
        f'<dir>{tmp_path / "fonts"}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>',
        encoding="utf-8")
    bare = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                       env={**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")})
    try:
        page = bare.new_page()
        page.set_content("<p>x</p>")
        assert missing_glyphs(page, CHINESE_SAMPLE) == list(CHINESE_SAMPLE)
    finally:
        bare.close()


def _switch_palette(page, scheme: str) -> None:
    """Click the header's palette toggle, as a reader does, until the page shows ``scheme``."""
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function("(s) => document.body.getAttribute('data-md-color-scheme') === s", arg=scheme)


def test_screenshots_light_and_dark(browser, crawl_url):
    """A fixed set of pages, light and dark, desktop and phone, saved as PNGs
    under build/screenshots/ (git-ignored; CI keeps them as artifacts). Each
    page loads once per width in the light scheme (the system's), then the
    header's palette toggle switches it to dark, as a reader does, and back;
    the crawl's checks hold in both schemes."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    saved = []
    schemes = {"light": "default", "dark": "slate"}  # Material's names (mkdocs.yml palette)
    for viewport, size in VIEWPORTS.items():
        crawler = Crawler(browser, *size)
        crawler.page.emulate_media(color_scheme="light")
        try:
            for name, path in SCREENSHOT_PAGES.items():
                assert crawler.visit(crawl_url + path) == []
                for scheme, material in schemes.items():
                    if scheme == "dark":
                        _switch_palette(crawler.page, material)
                        assert crawler.check() == []
                    assert crawler.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == material
                    shot = SCREENSHOT_DIR / f"{name}-{viewport}-{scheme}.png"
                    crawler.page.screenshot(path=str(shot), full_page=False)
                    saved.append(shot)
                _switch_palette(crawler.page, schemes["light"])  # the choice is kept for the next page
        finally:
            crawler.close()
    assert len(saved) == 4 * len(SCREENSHOT_PAGES) and all(s.stat().st_size > 5_000 for s in saved)
    print(f"\n{len(saved)} screenshots in {SCREENSHOT_DIR}")


def test_tabs_switch(browser_page, crawl_url):
    browser_page.goto(crawl_url + "problems/leetcode/1114-print-in-order/", wait_until="load")
    browser_page.locator("summary", has_text="Reference solution: try it first").click()
    blocks = browser_page.locator(".tabbed-set").first.locator(".tabbed-block")
    assert blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
    browser_page.locator(".tabbed-set").first.locator(".tabbed-labels label").nth(1).click()
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()


def test_copy_button_copies_the_code(browser_page, crawl_url):
    browser_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=crawl_url.rstrip("/"))
    browser_page.goto(crawl_url, wait_until="load")
    block = browser_page.locator(".md-typeset pre").first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = browser_page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() and copied.strip() == block.locator("code").inner_text().strip()


# Last in the module: in a run of one process the crawl has been running since
# the module's first test, beside the others (_crawl_alongside_the_other_tests).
@pytest.mark.timeout(900)  # the full crawl of ~220 pages twice; each load has its own 20 s limit
def test_crawl_pages(crawl_run):
    """Every built page (a quick subset unless CI or CRAWL=full), at desktop
    and phone width: no problem of tests/support/crawl.py's list on any of
    them. Each page is a fresh load at each viewport, as a reader's; workers
    (one thread and browser each) share the pages out."""
    results, elapsed = crawl_run.results()
    pages = crawl_run.pages
    assert sum(visited for _, visited, _ in results) == len(pages)
    kind = "full" if full_crawl() else "quick (CRAWL=full for all pages)"
    each = ", ".join(f"{visited} pages in {seconds:.1f} s" for _, visited, seconds in results)
    print(f"\ncrawl, {kind}: {len(pages)} pages x {len(VIEWPORTS)} viewports in {elapsed:.1f} s"
          f" ({CRAWL_WORKERS} workers: {each})")
    findings = sorted(f for found, _, _ in results for f in found)
    assert not findings, f"{len(findings)} problems on {len(pages)} pages:\n" + "\n".join(findings)
