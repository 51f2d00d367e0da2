"""The interleaving of a failure as a picture: one lane per thread, steps in order.

Built from the same frozen `FailureRecord` and the same folded rows as the
text report (`_report.rows`), so picture and text always agree. The SVG is
made for pages: text is real ``<text>`` (searchable, selectable, readable by
screen readers), colours follow the page (``currentColor``, so light and dark
schemes both work; the two marks use fixed orange and red that read on both),
it has no script and no ids (several pictures can share a page). The page
shows it at its natural size (docs/assets/stylesheets/diagrams.css: a wide one
scrolls inside its box on a phone rather than shrinking its text); the
failing check's message and a long scenario name are wrapped, not cut, since
a phone cannot show a <title> tooltip.

Reading it: time runs down; each row is a source line a thread ran without a
switch: its step number on the left, a box in that thread's lane, and the
line and operation on the right. An orange box and arrow (``»``) is a
preemption, the red box (``✗``) the failing step, a dashed box a thread
blocked, a short bar a thread's end, and ``⋮`` a folded repetition.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape

from ._failure import FailureRecord
from ._report import Row, main_file, rows

__all__ = ["interleaving_svg"]

# Characters Markdown would read as markup when the picture is included into a
# page inside an indented block (a tab, an admonition), where Python-Markdown
# treats it as text: as character references they are inert and still show.
_MARKDOWN_SAFE = {"_": "&#95;", "*": "&#42;", "`": "&#96;", "[": "&#91;", "]": "&#93;",
                  "\\": "&#92;", "~": "&#126;", "=": "&#61;"}


def escape(text: str) -> str:
    text = _xml_escape(text)
    return "".join(_MARKDOWN_SAFE.get(c, c) for c in text)

_ROW = 22  # height of one row
_GUTTER = 42  # step numbers
_LANE = 30  # one thread's lane
_TEXT = 264  # the text column: 40 characters
_TOP = 58  # title, scenario and lane headings
_CHAR = 6.6  # width of one character of the 11px monospace font
_PRE = "#e8710a"  # orange: preemption (readable on light and dark backgrounds)
_FAIL = "#e53935"  # red: the failing step

_STYLE = (
    ".rc-svg text{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "fill:currentColor}"
    ".rc-svg .rc-title{font-weight:bold}"
    ".rc-svg .rc-dim{fill-opacity:.65}"
    ".rc-svg .rc-lane{stroke:currentColor;stroke-opacity:.25}"
    ".rc-svg .rc-box{fill:currentColor;fill-opacity:.35;stroke:currentColor;stroke-opacity:.6}"
    ".rc-svg .rc-block{fill-opacity:0;stroke-dasharray:4 3;stroke-opacity:.7}"
    f".rc-svg .rc-pre{{stroke:{_PRE};stroke-opacity:1;stroke-width:2}}"
    f".rc-svg .rc-fail{{stroke:{_FAIL};stroke-opacity:1;stroke-width:2;fill:{_FAIL};fill-opacity:.14}}"
    f".rc-svg .rc-hop{{stroke:{_PRE};stroke-width:1.5;fill:none}}"
    f".rc-svg .rc-arrow{{fill:{_PRE}}}"
    ".rc-svg .rc-end{fill:currentColor;fill-opacity:.5}"
    f".rc-svg .rc-mpre{{fill:{_PRE};font-weight:bold}}"
    f".rc-svg .rc-mfail{{fill:{_FAIL};font-weight:bold}}"
)

_TITLES = {
    "invariant": "invariant violated",
    "deadlock": "deadlock: no thread can run",
    "exception": "a thread raised an exception",
    "livelock": "livelock: step limit reached",
}


_LINE = 14  # a wrapped line of text


def _fit(text: str, width: float) -> str:
    n = max(int((width - 8) / _CHAR), 3)  # a margin: symbols may be wider
    return text if len(text) <= n else text[: n - 1] + "…"


def _wrap(text: str, width: float, max_lines: int = 4) -> list[str]:
    """`text` in lines that fit `width`, broken at spaces where it can be (a
    phone cannot show a <title> tooltip: what matters must be in the picture)."""
    n = max(int((width - 8) / _CHAR), 3)
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines:
        if len(rest) <= n:
            lines.append(rest)
            return lines
        cut = rest.rfind(" ", 0, n + 1)
        cut = cut if cut > n // 2 else n
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        lines[-1] = _fit(lines[-1] + " " + rest, width)
    return lines


def _row_label(r: Row, main: str | None) -> str:
    who = "" if r.thread is None else f"T{r.thread} "
    if r.kind in ("end", "timeout") or r.line is None:
        return f"{who}{r.what}"
    line = str(r.line) if r.file == main else f"{r.file}:{r.line}"
    return f"{who}{line:>3}  {r.what}"


def _row_title(r: Row, main: str | None) -> str:
    parts = []
    if r.step is not None:
        parts.append(f"step {r.step}")
    if r.thread is not None:
        parts.append(f"T{r.thread}")
    if r.line is not None:
        parts.append(f"line {r.line}" if r.file == main else f"{r.file} line {r.line}")
    head = ", ".join(parts)
    text = f"{head}: {r.what}" if head else r.what
    if r.held:
        text += f" (holds {', '.join(r.held)})"
    if r.pre:
        text = "preemption, " + text
    if r.fail:
        text = "failing step, " + text
    return text


def interleaving_svg(rec: FailureRecord, table_rows: list[Row] | None = None) -> str:
    """The SVG (one string, ending in a newline) of `rec`'s schedule."""
    rs = rows(rec) if table_rows is None else list(table_rows)
    main = main_file(rs)
    n = max(rec.threads, 1)
    text_x = _GUTTER + n * _LANE + 6
    width = text_x + _TEXT
    title = _TITLES.get(rec.kind, rec.kind)
    heading = _wrap(rec.scenario, width - 8, max_lines=3)
    top = _TOP + (len(heading) - 1) * _LINE
    # The failing check's message, wrapped under its row: the rows after it move down.
    check_lines = {i: _wrap(f"{r.what}: {rec.message}", _TEXT - 14, max_lines=8)
                   for i, r in enumerate(rs) if r.kind == "check"}
    extra = sum(len(lines) - 1 for lines in check_lines.values()) * _LINE
    bottom = top + len(rs) * _ROW + extra
    height = bottom + (44 if main else 28)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rc-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto">',
        f"<title>{escape(f'{title}: {rec.scenario}')}</title>",
        f"<style>{_STYLE}</style>",
        f'<text class="rc-title" x="4" y="14">{escape(_fit(title, width - 8))}</text>',
        *(f'<text class="rc-dim" x="4" y="{30 + k * _LINE}">{escape(line)}</text>'
          for k, line in enumerate(heading)),
        f'<text class="rc-dim" x="{_GUTTER - 8}" y="{top - 6}" text-anchor="end">step</text>',
    ]
    for t in range(n):
        cx = _GUTTER + t * _LANE + _LANE / 2
        out.append(f'<text x="{cx:g}" y="{top - 6}" text-anchor="middle" class="rc-title">T{t}</text>')
        out.append(f'<line class="rc-lane" x1="{cx:g}" y1="{top - 2}" x2="{cx:g}" y2="{bottom}"/>')
    prev_lane = None
    shift = 0  # the wrapped lines of a check's message above this row
    for i, r in enumerate(rs):
        y = top + i * _ROW + shift
        mid = y + _ROW / 2 + 4
        if r.step is not None:
            out.append(f'<text class="rc-dim" x="{_GUTTER - 8}" y="{mid:g}" '
                       f'text-anchor="end">{r.step}</text>')
        if r.kind == "fold":
            period, first, last = r.fold_span
            span = f", steps {first}-{last}" if first is not None else ""
            what = "row above" if period == 1 else f"{period} rows above"
            label = f"⋮ {what} ×{r.folded} more{span}"
            out.append(f'<text class="rc-dim" x="{text_x}" y="{mid:g}">'
                       f"<title>{escape(label)}</title>{escape(_fit(label, _TEXT))}</text>")
            continue
        if r.kind == "check":
            label = f"{r.what}: {rec.message}"
            lines = check_lines[i]
            more = "".join(f'<tspan x="{text_x + 14}" dy="{_LINE}">{escape(line)}</tspan>'
                           for line in lines[1:])
            out.append(f'<g><title>{escape(label)}</title>'
                       f'<rect class="rc-box rc-fail" x="{_GUTTER + 2}" y="{y + 3}" '
                       f'width="{n * _LANE - 4}" height="{_ROW - 6 + (len(lines) - 1) * _LINE}" rx="3"/>'
                       f'<text x="{text_x}" y="{mid:g}"><tspan class="rc-mfail">✗</tspan> '
                       f'{escape(lines[0])}{more}</text></g>')
            shift += (len(lines) - 1) * _LINE
            continue
        t = r.thread if r.thread is not None else 0
        x = _GUTTER + t * _LANE + 5
        cls = "rc-box"
        if r.kind == "block":
            cls += " rc-block"
        if r.pre:
            cls += " rc-pre"
        if r.fail:
            cls += " rc-fail"
        parts = [f'<g><title>{escape(_row_title(r, main))}</title>']
        if r.pre and prev_lane is not None and prev_lane != t:
            # The hand-over: from the lane that was running to the one that takes over.
            x1 = _GUTTER + prev_lane * _LANE + _LANE / 2
            x2 = _GUTTER + t * _LANE + _LANE / 2
            tip = 5 if x2 > x1 else -5
            parts.append(f'<path class="rc-hop" d="M{x1:g},{y:g} L{x2 - tip:g},{y:g}"/>'
                         f'<path class="rc-arrow" d="M{x2 - tip:g},{y - 3:g} L{x2:g},{y:g} '
                         f'L{x2 - tip:g},{y + 3:g} Z"/>')
        if r.kind == "end" and not r.fail:
            cx = _GUTTER + t * _LANE + _LANE / 2
            parts.append(f'<rect class="rc-end" x="{cx - 6:g}" y="{mid - 5:g}" width="12" height="3"/>')
        else:
            parts.append(f'<rect class="{cls}" x="{x}" y="{y + 3}" width="{_LANE - 10}" '
                         f'height="{_ROW - 6}" rx="3"/>')
        mark = "✗" if r.fail else "»" if r.pre else ""
        label = _row_label(r, main)
        text_cls = ' class="rc-dim"' if r.kind == "end" and not r.fail else ""
        if mark:
            mcls = "rc-mfail" if r.fail else "rc-mpre"
            body = f'<tspan class="{mcls}">{mark}</tspan> {escape(_fit(label, _TEXT - 14))}'
        else:
            body = escape(_fit(label, _TEXT))
        parts.append(f'<text{text_cls} x="{text_x}" y="{mid:g}">{body}</text></g>')
        out.append("".join(parts))
        if r.kind != "end":
            prev_lane = t
    out.append(f'<text class="rc-dim" x="4" y="{bottom + 20}">'
               f'<tspan class="rc-mpre">»</tspan> preemption   '
               f'<tspan class="rc-mfail">✗</tspan> failing step   '
               f'▭ running, dashed: blocked</text>')
    if main:
        out.append(f'<text class="rc-dim" x="4" y="{bottom + 36}">'
                   f"{escape(_fit('line numbers of ' + main, width - 8))}</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
