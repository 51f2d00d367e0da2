"""KNOWN-BAD LeetCode 1242: unsynchronized check-then-act on the visited set.

The frontier and the termination counter are still guarded, but the
"``link not in seen``" test and the ``seen.add(link)`` that follows run
outside the lock. Two workers that both found the same link can both pass the
test before either adds it: the page is queued and fetched twice.
"""

from collections import deque
from threading import Condition, Thread
from typing import List


def hostname(url: str) -> str:
    return url.split("/")[2]


class Crawler:
    def __init__(self, startUrl: str, htmlParser: "HtmlParser") -> None:
        self._parser = htmlParser
        self._host = hostname(startUrl)
        self._cond = Condition()
        self._seen = {startUrl}
        self._frontier = deque([startUrl])
        self._busy = 0

    def work(self) -> None:
        while True:
            with self._cond:
                while not self._frontier and self._busy:
                    self._cond.wait()
                if not self._frontier:
                    self._cond.notify_all()
                    return
                url = self._frontier.popleft()
                self._busy += 1
            links = self._parser.getUrls(url)
            new = []
            for link in links:
                if hostname(link) == self._host and link not in self._seen:  # BUG: check ...
                    self._seen.add(link)  # ... then act, with no lock held
                    new.append(link)
            with self._cond:
                self._frontier.extend(new)
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
