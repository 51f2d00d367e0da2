"""hooks/report_marks.py: in a failure report, the preemption (>>) and the
failing-step (!!) rows carry the highlighted-line style; nothing else does."""

import re

from tests.support.hooks import load_hook

ANCHOR = '<a id="__codelineno-5-{n}" name="__codelineno-5-{n}" href="#__codelineno-5-{n}"></a>'


def _code(*lines):
    return "<code>" + "".join(ANCHOR.format(n=i) + line + "\n" for i, line in enumerate(lines, 1)) + "</code>"


def test_marked_rows_of_a_failure_block_are_highlighted_and_nothing_else():
    hook = load_hook("report_marks")
    rows = ("    step  thread", "      1  T0  x = 1", "&gt;&gt;    2  T1  x = 2", "!!        the final check failed")
    failure = '<details class="failure"><summary>r</summary><pre>' + _code(*rows) + "</pre></details>"
    other = '<details class="note"><pre>' + _code("!! not a report") + "</pre></details>"
    out = hook.mark_report_rows(failure + other)
    assert re.findall(r'<span class="hll">([^<]*)</span>', out) == [
        "&gt;&gt;    2  T1  x = 2\n", "!!        the final check failed\n"]
    assert out.endswith(other) and re.sub(r'</?span[^>]*>', "", out) == failure + other


def test_the_built_site_highlights_a_published_report(built_site):
    page = (built_site / "problems" / "leetcode" / "1114-print-in-order" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<details class="failure".*?</details>', page, re.S).group(0)
    assert '<span class="hll">!!' in block
