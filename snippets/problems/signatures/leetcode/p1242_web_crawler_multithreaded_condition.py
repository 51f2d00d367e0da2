# Stub of p1242_web_crawler_multithreaded_condition.py (tools/signatures.py): write the bodies.

from typing import List


def hostname(url: str) -> str:
    """``http://news.yahoo.com/a/b`` -> ``news.yahoo.com`` (the problem guarantees http and no port)."""
    ...


class Crawler:
    def __init__(self, startUrl: str, htmlParser: "HtmlParser") -> None:
        ...

    def work(self) -> None:
        """Run one worker until the crawl is complete."""
        ...

    def result(self) -> List[str]:
        ...


class Solution:
    def crawl(self, startUrl: str, htmlParser: "HtmlParser") -> List[str]:
        ...
