"""The lock discipline the LeetCode solutions document, checked at every access.

``size()`` of LeetCode 1188 is one ``len()`` of a deque and ``result()`` of
LeetCode 1242 one ``list()`` of a set: no interleaving can split a single C
call, so a scenario cannot tell them from the unlocked versions. The classes
document which lock guards these fields ("guarded by _lock", "guarded by
_cond"); racecheck's guards (Scenario.guards) check that every access made
while other threads run holds it.

This file imports the solutions it checks directly (not through problems.py),
so editing another problem's solution does not make its mutation result stale.
"""

import pytest

import racecheck
from snippets.problems.leetcode import (
    p1188_bounded_blocking_queue_condition,
    p1188_bounded_blocking_queue_semaphore,
    p1242_web_crawler_multithreaded_condition,
)


@pytest.mark.parametrize("mod", [p1188_bounded_blocking_queue_condition, p1188_bounded_blocking_queue_semaphore],
                         ids=lambda mod: mod.__name__.rsplit("_", 1)[-1])
def test_p1188_items_are_only_touched_under_the_lock(mod):
    def setup():
        q = mod.BoundedBlockingQueue(2)
        q.enqueue(0)
        return {"q": q}

    def check(s):
        assert s["size"] in (0, 1, 2), s
        return s["q"].size() == 1 and s["got"] == 0

    racecheck.verify(racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: size() while an enqueue and a dequeue run",
        setup=setup,
        threads=[lambda s: s["q"].enqueue(1), lambda s: s.__setitem__("got", s["q"].dequeue()),
                 lambda s: s.__setitem__("size", s["q"].size())],
        check=check,
        targets=[mod],
        guards=lambda s: [racecheck.guarded(s["q"], "_lock", "_items")],
    ))


class Site:
    """A fake HtmlParser: a -> b, c; b -> c (one host)."""

    LINKS = {"http://h/a": ["http://h/b", "http://h/c"], "http://h/b": ["http://h/c"], "http://h/c": []}

    def getUrls(self, url):
        return list(self.LINKS[url])


def test_p1242_crawl_state_is_only_touched_under_the_condition():
    mod = p1242_web_crawler_multithreaded_condition

    def setup():
        return {"crawler": mod.Crawler("http://h/a", Site())}

    def check(s):
        assert set(s["partial"]) <= set(Site.LINKS), s["partial"]
        return sorted(s["crawler"].result()) == sorted(Site.LINKS)

    racecheck.verify(racecheck.Scenario(
        name="p1242 Crawler: two workers, and result() while they crawl",
        setup=setup,
        threads=[lambda s: s["crawler"].work(), lambda s: s["crawler"].work(),
                 lambda s: s.__setitem__("partial", s["crawler"].result())],
        check=check,
        targets=[mod],
        guards=lambda s: [racecheck.guarded(s["crawler"], "_cond", "_seen", "_frontier", "_busy")],
    ))
