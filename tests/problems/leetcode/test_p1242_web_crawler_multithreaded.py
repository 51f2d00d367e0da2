"""LeetCode 1242 Web Crawler Multithreaded: every variant, real threads and racecheck.

The HtmlParser here is a fake: a dict from URL to links. Nothing touches the
network.
"""

import threading
from collections import Counter

import pytest

from snippets.problems.leetcode import (
    p1242_web_crawler_multithreaded_check_then_act_bad,
    p1242_web_crawler_multithreaded_condition,
)
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = [p1242_web_crawler_multithreaded_condition]


def short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


class FakeHtmlParser:
    """The judge's HtmlParser, in memory: a dict from URL to its links.

    ``fetches`` records every call (``list.append`` is atomic), so a test can
    check that each page was fetched exactly once.
    """

    def __init__(self, pages):
        self.pages = pages
        self.fetches = []

    def getUrls(self, url):
        self.fetches.append(url)
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


class RendezvousHtmlParser(FakeHtmlParser):
    """A fake whose first two fetches of leaf pages wait for each other.

    They can only both return if two ``getUrls`` calls are in flight at the
    same time: a crawler that fetches one page at a time (for example while
    holding its lock) breaks the barrier at the timeout instead of hanging.
    """

    def __init__(self, pages, root):
        super().__init__(pages)
        self.root = root
        self.rendezvous = threading.Barrier(2)
        self.admitted = 0
        self.admit_lock = threading.Lock()

    def getUrls(self, url):
        if url != self.root:
            with self.admit_lock:
                self.admitted += 1
                wait = self.admitted <= 2
            if wait:
                self.rendezvous.wait(timeout=JOIN_TIMEOUT)  # BrokenBarrierError if alone
        return super().getUrls(url)


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_real_threads_fetch_in_parallel_and_once_each(mod):
    host, pages, answer = wide_site(40)
    parser = RendezvousHtmlParser(pages, host)
    result = []
    # crawl() joins its workers without a timeout; run it in a daemon thread
    # (its workers inherit daemon=True) so a hang fails instead of freezing.
    run_threads(lambda: result.extend(mod.Solution().crawl(host, parser)))
    assert sorted(result) == sorted(answer)
    assert parser.fetched_once_each()
    assert not parser.rendezvous.broken  # two fetches really overlapped


# ---------------------------------------------------------------- racecheck
from types import SimpleNamespace  # noqa: E402

import racecheck  # noqa: E402

from tests.problems.leetcode.helpers import published  # noqa: E402
from tests.support.counterexamples import check_published  # noqa: E402

# Two pages (a, b) both link to c: two workers can discover c at the same time.
# (The hostname filter and cycles are covered by the real-thread tests above.)
DIAMOND = {
    "http://d.example.org": ["http://d.example.org/a", "http://d.example.org/b"],
    "http://d.example.org/a": ["http://d.example.org/c"],
    "http://d.example.org/b": ["http://d.example.org/c"],
}
DIAMOND_ANSWER = sorted(["http://d.example.org", *(f"http://d.example.org/{p}" for p in "abc")])


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
    racecheck.expect_failure(scenario(mod), kind="invariant", seed=0)  # the search finds it
    check_published(scenario(mod), published(mod), kind="invariant", seed=0)  # the page shows it


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_stress_same_scenario_on_real_threads(mod):
    """The racecheck scenario again, on real threads: Barrier start, tiny
    switch interval, a deadline per round that dumps every stack on a hang."""
    racecheck.stress_scenario(scenario(mod), rounds=100, timeout=JOIN_TIMEOUT)
