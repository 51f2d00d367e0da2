"""A real survivor of racecheck.mutate, before and after its scenario was fixed.

The LeetCode 1242 crawler's worker loop is ``while True:`` around a wait.
The mutant turns it into ``if True:``: every worker crawls one page and
quits. The first scenario (two workers, a diamond-shaped site) checked the
result list and that no page was fetched twice, and passed on the mutant: the
result is the set of *discovered* URLs, complete even if nobody fetched them.
The fixed scenario also checks what a caller relies on: every returned URL
was fetched, and a worker stops only once the crawl is complete.
"""

from types import SimpleNamespace

import racecheck
from racecheck.mutate import find_sites

SITE = {
    "http://d.example.org": ["http://d.example.org/a", "http://d.example.org/b"],
    "http://d.example.org/a": ["http://d.example.org/c"],
    "http://d.example.org/b": ["http://d.example.org/c"],
}
ANSWER = sorted(SITE["http://d.example.org"] + ["http://d.example.org", "http://d.example.org/c"])


class Parser:
    """The judge's HtmlParser: links from a dict, every fetch recorded."""

    def __init__(self):
        self.fetches = []

    def getUrls(self, url):
        self.fetches.append(url)
        return list(SITE.get(url, []))


def setup(mod):
    parser = Parser()
    return SimpleNamespace(parser=parser, crawler=mod.Crawler("http://d.example.org", parser), ended=[])


# --8<-- [start:before]
def scenario_before(mod):
    def check(s):
        assert sorted(s.crawler.result()) == ANSWER
        assert len(s.parser.fetches) == len(set(s.parser.fetches))  # no page fetched twice

    return racecheck.Scenario(
        name="1242 crawler, before", setup=lambda: setup(mod),
        threads=[lambda s: s.crawler.work()] * 2, check=check, targets=[mod])
# --8<-- [end:before]


# --8<-- [start:after]
def scenario_after(mod):
    def worker(s):
        s.crawler.work()
        s.ended.append(len(s.parser.fetches))  # fetches done when this worker stopped

    def check(s):
        assert sorted(s.crawler.result()) == ANSWER
        assert len(s.parser.fetches) == len(set(s.parser.fetches))
        assert sorted(s.parser.fetches) == ANSWER, f"fetched {sorted(s.parser.fetches)}"
        assert s.ended == [len(ANSWER)] * 2, f"fetches done as each worker stopped: {s.ended}"

    return racecheck.Scenario(
        name="1242 crawler, after", setup=lambda: setup(mod),
        threads=[worker] * 2, check=check, targets=[mod])
# --8<-- [end:after]


def mutant(module, operator="while-to-if", line_text="while True:"):
    """``module`` with racecheck.mutate's site applied, as a new module object."""
    import types
    from pathlib import Path

    path = Path(module.__file__)
    root = path.parents[len(module.__name__.split(".")) - 1]
    text = path.read_text(encoding="utf-8")
    found = find_sites(root, path)
    lines = text.splitlines()
    site = next(s for s in found.sites if s.operator == operator and lines[s.line - 1].strip() == line_text)
    mutated = types.ModuleType(module.__name__ + "_mutant")
    mutated.__file__ = str(path)
    exec(compile(site.apply(text), str(path), "exec"), mutated.__dict__)
    return mutated, site
