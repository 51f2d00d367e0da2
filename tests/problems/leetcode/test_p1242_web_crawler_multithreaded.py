"""LeetCode 1242 Web Crawler Multithreaded: what is special to it.

The template (test_leetcode.py, row P1242 of problems.py) runs racecheck on a
diamond-shaped site with 2 and 3 workers, the known-bad variant and its
published report, and the same scenario on real threads. Here: the judge's
examples and a wide site on real threads whose fetches must overlap. The
HtmlParser is a fake (problems.FakeHtmlParser): nothing touches the network.
"""

import threading
import time

import pytest

from tests.problems.leetcode.problems import P1242, FakeHtmlParser
from tests.problems.leetcode.template import short
from tests.support.threads import JOIN_TIMEOUT, run_threads

GOOD = P1242.good


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


class SlowHtmlParser(FakeHtmlParser):
    """A fake whose fetches take a few milliseconds, as a network fetch does."""

    def getUrls(self, url):
        time.sleep(0.005)
        return super().getUrls(url)


@pytest.mark.parametrize("mod", GOOD, ids=short)
def test_crawl_returns_only_when_the_crawl_is_complete(mod):
    """crawl() returns the finished result: its workers are done (with an
    instant fake parser, one worker could crawl everything before crawl()
    looked at the result even if it did not wait for them)."""
    host, pages, answer = wide_site(10)
    parser = SlowHtmlParser(pages)
    result = []
    run_threads(lambda: result.extend(mod.Solution().crawl(host, parser)))
    assert sorted(result) == sorted(answer)
    assert parser.fetched_once_each()
