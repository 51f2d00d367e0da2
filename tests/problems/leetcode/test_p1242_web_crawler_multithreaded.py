"""LeetCode 1242 Web Crawler Multithreaded: every variant, real threads and racecheck.

The HtmlParser here is a fake: a dict from URL to links. Nothing touches the
network.
"""

import time
from collections import Counter

import pytest

from snippets.problems.leetcode import (
    p1242_web_crawler_multithreaded_check_then_act_bad,
    p1242_web_crawler_multithreaded_condition,
)

GOOD = [p1242_web_crawler_multithreaded_condition]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


class FakeHtmlParser:
    """The judge's HtmlParser, in memory. Counts fetches per URL.

    ``delay`` seconds of ``time.sleep`` stand in for the HTTP request, so real
    threads overlap their fetches. ``fetches`` is a list (``append`` is
    atomic), turned into counts afterwards.
    """

    def __init__(self, pages, delay=0.0):
        self.pages = pages
        self.delay = delay
        self.fetches = []

    def getUrls(self, url):
        self.fetches.append(url)
        if self.delay:
            time.sleep(self.delay)
        return list(self.pages.get(url, []))

    def fetched_once_each(self):
        return all(n == 1 for n in Counter(self.fetches).values())


# LeetCode's examples: the pages are urls[0..4] and edges[i] = [from, to].
URLS = [
    "http://news.yahoo.com",
    "http://news.yahoo.com/news",
    "http://news.yahoo.com/news/topics/",
    "http://news.google.com",
    "http://news.yahoo.com/us",
]


def pages_from_edges(edges):
    pages = {}
    for src, dst in edges:
        pages.setdefault(URLS[src], []).append(URLS[dst])
    return pages


EXAMPLES = [
    # (edges, startUrl, expected answer)
    ([[2, 0], [2, 1], [3, 2], [3, 1], [0, 4]], URLS[2], {URLS[0], URLS[1], URLS[2], URLS[4]}),
    ([[0, 2], [2, 1], [3, 2], [3, 1], [3, 0]], URLS[3], {URLS[3]}),  # every link leaves the host
]


def wide_site(width):
    """A root page linking to ``width`` pages that all link to each other."""
    host = "http://wide.example.org"
    leaves = [f"{host}/p{i}" for i in range(width)]
    pages = {host: leaves + ["http://other.example.org/x"]}
    for leaf in leaves:
        pages[leaf] = [host] + leaves
    return host, pages, {host, *leaves}


@pytest.mark.parametrize("mod", GOOD, ids=short)
@pytest.mark.parametrize("edges, start, answer", EXAMPLES, ids=["example_1", "example_2"])
def test_leetcode_examples(mod, edges, start, answer):
    parser = FakeHtmlParser(pages_from_edges(edges))
    assert set(mod.Solution().crawl(start, parser)) == answer
    assert parser.fetched_once_each()


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_real_threads_fetch_in_parallel_and_once_each(mod):
    host, pages, answer = wide_site(40)
    parser = FakeHtmlParser(pages, delay=0.002)
    start = time.perf_counter()
    result = mod.Solution().crawl(host, parser)
    elapsed = time.perf_counter() - start
    assert sorted(result) == sorted(answer)
    assert parser.fetched_once_each()
    # 41 sequential fetches would take >= 82 ms; 8 workers overlap their sleeps.
    assert elapsed < 41 * 0.002, f"no overlap: {elapsed:.3f} s"


# ---------------------------------------------------------------- racecheck
from types import SimpleNamespace  # noqa: E402

import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import assert_counterexample_current  # noqa: E402

# Two pages (a, b) both link to c: two workers can discover c at the same time.
# (The hostname filter and cycles are covered by the real-thread tests above.)
DIAMOND = {
    "http://d.example.org": ["http://d.example.org/a", "http://d.example.org/b"],
    "http://d.example.org/a": ["http://d.example.org/c"],
    "http://d.example.org/b": ["http://d.example.org/c"],
}
DIAMOND_ANSWER = sorted(["http://d.example.org", *(f"http://d.example.org/{p}" for p in "abc")])
ROLES = "T0 and T1 both run Crawler.work(); a and b both link to c"


def scenario(mod, workers=2):
    def setup():
        parser = FakeHtmlParser(DIAMOND)
        return SimpleNamespace(parser=parser, crawler=mod.Crawler("http://d.example.org", parser))

    def check(s):
        assert sorted(s.crawler.result()) == DIAMOND_ANSWER, f"result {sorted(s.crawler.result())}"
        assert s.parser.fetched_once_each(), f"fetches: {s.parser.fetches}"

    return racecheck.Scenario(
        name=f"1242 crawler, {workers} workers, diamond site: {short(mod)}",
        setup=setup,
        threads=[lambda s: s.crawler.work()] * workers,
        check=check,
        targets=[mod],
    )


@pytest.mark.parametrize("mod", GOOD, ids=short)
@pytest.mark.parametrize("workers", [2, 3])
def test_racecheck_each_page_once_and_termination(mod, workers):
    racecheck.verify(scenario(mod, workers))


def test_racecheck_catches_unsynchronized_visited_check():
    mod = p1242_web_crawler_multithreaded_check_then_act_bad
    failure = racecheck.expect_failure(scenario(mod), kind="invariant", seed=0)
    assert_counterexample_current(mod, failure, ROLES)
