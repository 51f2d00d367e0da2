"""Chinese quoted on an English page is marked as Chinese.

The English pages quote the Chinese source article and name Chinese terms.
Screen readers pick a voice, and browsers pick fonts and line breaking, from
the ``lang`` of the text; on a page that says ``lang="en"`` Chinese is read
with English rules. This hook wraps each run of Chinese text in the article
of an English page in ``<span lang="zh">``. Code (``pre``, ``code``),
scripts, styles and pictures are left alone; the Chinese edition is all
Chinese already (``lang="zh-CN"`` on the page).
"""

from __future__ import annotations

import re

__all__ = ["on_post_page", "mark_chinese"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
# A run starts with a Chinese character (or an opening quote or bracket before
# one), ends with a Chinese character or Chinese punctuation, and
# may hold Latin words, digits and spaces between them ("使用 Lock 的").
_RUN = re.compile(
    rf"[“‘（《「]?[{_HAN}][{_HAN}{_CJK_PUNCT}]*(?:[ \w.+#/-]+[{_HAN}{_CJK_PUNCT}]+)*[{_CJK_PUNCT}]*"
)
_ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.S)
# Elements whose content is left as it is, and the text between tags.
_SKIP = re.compile(r"<(pre|code|script|style|svg|kbd)\b.*?</\1>|<[^>]+>", re.S)


def mark_chinese(fragment: str) -> str:
    """``fragment`` (HTML) with each run of Chinese text in ``<span lang="zh">``."""
    out, last = [], 0
    for m in _SKIP.finditer(fragment):
        out.append(_RUN.sub(lambda r: f'<span lang="zh">{r.group(0)}</span>', fragment[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_RUN.sub(lambda r: f'<span lang="zh">{r.group(0)}</span>', fragment[last:]))
    return "".join(out)


def on_post_page(output: str, page, config) -> str:
    if page.url.startswith("zh/"):
        return output
    return _ARTICLE.sub(lambda m: m.group(1) + mark_chinese(m.group(2)) + m.group(3), output, count=1)
