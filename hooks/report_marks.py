"""The failing step and the preemptions stand out in a failure report's text.

A report (racecheck's text, included in a ``??? failure`` block) marks a
preemption's row with ``>>`` and the failing step's with ``!!`` in its first
column. This hook gives those rows the highlighted-line style of the code
blocks (``<span class="hll">``, as ``hl_lines`` would), so a reader scanning
a long schedule finds them without reading the first column; the text, and
so copying and search, stay the same. Only code inside ``<details
class="failure">`` blocks is touched.
"""

from __future__ import annotations

import re

__all__ = ["on_page_content", "mark_report_rows"]

_FAILURE_BLOCK = re.compile(r'<details class="failure"[^>]*>.*?</details>', re.S)
# A line of a code block: its anchor (anchor_linenums), then the text to the newline.
_MARKED_ROW = re.compile(r'(<a id="__codelineno-[^"]*" name="[^"]*" href="[^"]*"></a>)'
                         r"((?:!!|&gt;&gt;)[^\n]*\n)")


def mark_report_rows(html: str) -> str:
    """``html`` with each ``>>``/``!!`` row of a failure block's code highlighted."""
    def block(m: re.Match) -> str:
        return _MARKED_ROW.sub(r'\1<span class="hll">\2</span>', m.group(0))

    return _FAILURE_BLOCK.sub(block, html)


def on_page_content(html, page, config, files):
    return mark_report_rows(html) if 'class="failure"' in html else html
