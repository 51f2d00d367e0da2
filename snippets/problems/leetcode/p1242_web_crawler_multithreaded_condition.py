"""LeetCode 1242 Web Crawler Multithreaded: worker threads over a shared frontier.

Contract: ``Solution().crawl(startUrl, htmlParser)`` returns every URL
reachable from ``startUrl`` through pages on the same hostname, each exactly
once, in any order; ``htmlParser.getUrls`` is called exactly once per returned
URL and never while holding the lock, so up to ``workers`` slow fetches run
in parallel. ``crawl`` blocks until the crawl is complete.

``Crawler`` is internally synchronized: its frontier, ``seen`` set and
``busy`` counter are guarded by one ``Condition``. The check "not seen yet"
and the insert into ``seen`` happen under that lock as one step, so no URL is
claimed twice. A worker finishes when the frontier is empty *and* no other
worker is fetching (a fetch in flight may still discover new URLs).
"""

from collections import deque
from threading import Condition, Thread
from typing import List


def hostname(url: str) -> str:
    """``http://news.yahoo.com/a/b`` -> ``news.yahoo.com`` (the problem guarantees http and no port)."""
    return url.split("/")[2]


class Crawler:
    def __init__(self, startUrl: str, htmlParser: "HtmlParser") -> None:
        self._parser = htmlParser
        self._host = hostname(startUrl)
        self._cond = Condition()
        self._seen = {startUrl}  # guarded by _cond, like the two below
        self._frontier = deque([startUrl])
        self._busy = 0  # workers currently inside getUrls

    def work(self) -> None:
        """Run one worker until the crawl is complete."""
        while True:
            with self._cond:
                while not self._frontier and self._busy:
                    self._cond.wait()
                if not self._frontier:  # nothing queued, nothing in flight: done
                    self._cond.notify_all()  # mutant: equivalent notify-dropped, notify_all-to-notify -- redundant: the worker that made _busy 0 already woke every waiter (below), and an empty frontier with _busy 0 never changes again
                    return
                url = self._frontier.popleft()
                self._busy += 1
            links = self._parser.getUrls(url)  # blocking I/O, outside the lock
            with self._cond:
                for link in links:
                    if hostname(link) == self._host and link not in self._seen:
                        self._seen.add(link)  # check and insert: one critical section
                        self._frontier.append(link)
                self._busy -= 1
                self._cond.notify_all()

    def result(self) -> List[str]:
        with self._cond:
            return list(self._seen)


class Solution:
    workers = 8

    def crawl(self, startUrl: str, htmlParser: "HtmlParser") -> List[str]:
        crawler = Crawler(startUrl, htmlParser)
        threads = [Thread(target=crawler.work) for _ in range(self.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return crawler.result()
