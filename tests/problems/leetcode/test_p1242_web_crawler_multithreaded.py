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


# LeetCode's example 1.
EXAMPLE_1 = {
    "http://news.yahoo.com": ["http://news.yahoo.com/news/topics/", "http://news.yahoo.com/news"],
    "http://news.yahoo.com/news/topics/": ["http://news.yahoo.com/news", "http://news.yahoo.com/news/sports"],
    "http://news.yahoo.com/news": ["http://news.google.com"],
    "http://news.yahoo.com/us": ["http://news.yahoo.com/news"],
    "http://news.google.com": ["http://news.yahoo.com/us"],
}
EXAMPLE_1_ANSWER = {
    "http://news.yahoo.com",
    "http://news.yahoo.com/news",
    "http://news.yahoo.com/news/topics/",
    "http://news.yahoo.com/news/sports",
}


def wide_site(width):
    """A root page linking to ``width`` pages that all link to each other."""
    host = "http://wide.example.org"
    leaves = [f"{host}/p{i}" for i in range(width)]
    pages = {host: leaves + ["http://other.example.org/x"]}
    for leaf in leaves:
        pages[leaf] = [host] + leaves
    return host, pages, {host, *leaves}


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_leetcode_example_1(mod):
    parser = FakeHtmlParser(EXAMPLE_1)
    assert set(mod.Solution().crawl("http://news.yahoo.com", parser)) == EXAMPLE_1_ANSWER
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
