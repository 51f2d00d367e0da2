"""Charts for the pages: matplotlib figures as SVG that read well in a page.

A bench script that wants a picture next to its table draws it here and
writes it with its ``Script`` like any generated file (bench/output.py)::

    from bench import charts

    TEXT = {"en": {"threads": "Python threads", "numpy": "NumPy", "alt": "..."},
            "zh": {"threads": "Python 线程数", "numpy": "NumPy", "alt": "..."}}

    def draw(ax, t):                               # t: one edition's labels
        charts.lines(ax, [1, 2, 4], {t["numpy"]: [1.0, 1.9, 1.9]})
        ax.set_xlabel(t["threads"])

    # writes x.svg (English) and x.zh.svg (Chinese), each with the usual header
    charts.write(SCRIPT, args, "snippets/analysis/figures/gil_scaling.svg", draw, TEXT)

The page includes the SVG inline (raw HTML, so no Markdown touches it), and
the Chinese page includes ``x.zh.svg`` in the same place::

    <figure class="chart" markdown="0">
    --8<-- "snippets/analysis/figures/gil_scaling.svg"
    </figure>

so that it follows the page:

* text, axes and grid are drawn in ``currentColor`` (the page's text colour:
  dark on the light scheme, light on the dark one) on a transparent
  background; the data colours (``COLORS``) keep a contrast of at least 3:1
  on both Material schemes, and every series also has its own marker and
  line style, so none depends on colour alone;
* text stays text (``svg.fonttype: none``): selectable, found by the page's
  search, drawn in the page's font (docs/assets/stylesheets/diagrams.css;
  ``FONT`` is the fallback when the SVG is opened on its own);
* it scales to the column (``width: 100%``, at most ``max-width``), and its
  ``<title>`` is the alt text (``role="img"``);
* the same data gives the same bytes: a fixed ``svg.hashsalt`` per chart (ids
  stay unique when a page shows several), no date, no metadata block.

Text in a chart is kept short (numbers, units, series names); each edition
gets its own SVG from the same drawing code and a labels dict
(``x.svg`` for English, ``x.zh.svg`` for Chinese; tools/i18n.py treats the
two includes as the same).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

LANGS = ("en", "zh")
FG = "#010203"  # drawn as currentColor: a colour no chart uses for anything else
# Okabe-Ito colours whose contrast is >= 3:1 on white and on Material's slate background.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
MARKERS = ("o", "s", "^", "D")
DASHES = ("-", "--", "-.", ":")
FONT = "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', sans-serif"
WIDTH_IN, HEIGHT_IN = 4.6, 3.0  # about 330 x 216 px: a phone column (~358 px) shows 11 px text at full size


def edition(path: str, lang: str) -> str:
    """The SVG of ``lang``'s edition: ``x.svg`` for English, ``x.zh.svg`` for Chinese."""
    if lang == "en":
        return path
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{lang}{dot}{suffix}"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


STYLE = {
    "svg.fonttype": "none",
    "font.size": 11,
    "font.family": "sans-serif",
    "text.color": FG,
    "axes.labelcolor": FG,
    "axes.edgecolor": FG,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": FG,
    "grid.alpha": 0.18,
    "xtick.color": FG,
    "ytick.color": FG,
    "legend.frameon": False,
    "legend.fontsize": 10,
    "lines.linewidth": 2,
    "lines.markersize": 6,
    "hatch.color": FG,
}


def place_legend(ax, where: str) -> None:
    """The series' legend: ``"above"`` the axes in two columns (never over the
    data, and as wide as a phone allows), a matplotlib ``loc``, or ``""`` for none."""
    if where == "above":
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2, borderaxespad=0, handlelength=2.6)
    elif where:
        ax.legend(loc=where)


def lines(ax, x: Sequence, series: dict[str, Sequence[float]], *, legend: str = "above") -> None:
    """One line per series over ``x``, each with its colour, marker and dash."""
    for i, (name, ys) in enumerate(series.items()):
        ax.plot(x, ys, color=COLORS[i % len(COLORS)], marker=MARKERS[i % len(MARKERS)],
                linestyle=DASHES[i % len(DASHES)], label=name)
    ax.set_xticks(list(x))
    place_legend(ax, legend)


def bars(ax, groups: Sequence[str], series: dict[str, Sequence[float]], *, legend: str = "above",
         upper: dict[str, Sequence[float]] | None = None) -> None:
    """Grouped bars: one group per ``groups`` entry, one bar per series in it;
    ``upper`` (optional, per series) draws a whisker from the bar's top up to
    that value (say the bar is the median and the whisker reaches the p95)."""
    n = len(series)
    width = 0.8 / n
    hatches = ("", "//", "..", "xx")
    for i, (name, ys) in enumerate(series.items()):
        xs = [g + (i - (n - 1) / 2) * width for g in range(len(groups))]
        ax.bar(xs, ys, width=width, color=COLORS[i % len(COLORS)], hatch=hatches[i % len(hatches)],
               edgecolor=FG, linewidth=0.5, label=name)
        if upper is not None:
            tops = upper[name]
            ax.errorbar(xs, ys, yerr=[[0] * len(ys), [max(0, u - y) for u, y in zip(tops, ys)]],
                        fmt="none", ecolor=FG, elinewidth=1, capsize=3)
    ax.set_xticks(range(len(groups)), list(groups))
    ax.grid(axis="x", visible=False)
    place_legend(ax, legend)


_XML_HEAD = re.compile(r"\A<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SIZE = re.compile(r'<svg([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"')
_FONT = re.compile(r" ?font-family: [^;\"]*;?")  # matplotlib's font list: the page's font instead
_GLOBAL_STYLE = '<style type="text/css">*{'  # inline in a page, "*" would reach the whole page
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def svg(draw: Callable[[object], None], *, alt: str, name: str, rows: int = 1,
        size: tuple[float, float] = (WIDTH_IN, HEIGHT_IN), max_width: str = "26rem") -> str:
    """``draw(ax)`` on a fresh axes styled for the page, as SVG text for a page
    (see the module docstring). With ``rows`` > 1, ``draw`` gets that many axes
    stacked one above the other (side by side would not fit a phone), each
    ``size`` high.

    ``alt`` is the alt text (what the chart shows, in words), ``name`` seeds
    the ids so that several charts on one page never share one."""
    plt = _pyplot()
    from xml.sax.saxutils import escape

    import warnings

    buf = io.StringIO()
    with plt.rc_context({**STYLE, "svg.hashsalt": f"handbook-{name}"}), warnings.catch_warnings():
        # Chinese labels: matplotlib's own font has no CJK glyphs, but the text
        # stays text and the browser draws it in the page's font.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig, ax = plt.subplots(rows, 1, figsize=(size[0], size[1] * rows))
        try:
            draw(ax)
            fig.tight_layout(pad=0.4)
            fig.savefig(buf, format="svg", transparent=True, metadata={"Date": None},
                        bbox_inches="tight", pad_inches=0.05)
        finally:
            plt.close(fig)
    text = _XML_HEAD.sub("", buf.getvalue())
    text = _METADATA.sub("", text)
    text = _COMMENT.sub("", text)
    text = _FONT.sub("", text)
    text = text.replace(_GLOBAL_STYLE, f'<style type="text/css">svg.chart{{font-family:{FONT}}}svg.chart *{{')
    text = text.replace(FG, "currentColor").replace(FG.upper(), "currentColor")

    def root(m: re.Match) -> str:
        w, h = float(m.group(2)), float(m.group(3))
        return (f'<svg{m.group(1)} class="chart" role="img" width="{w:g}" height="{h:g}" '
                f'style="width:100%;max-width:{max_width};height:auto"')

    text, found = _SIZE.subn(root, text, count=1)
    if not found:
        raise ValueError("matplotlib's SVG has no width/height in pt: bench/charts.py needs updating")
    start = text.index(">", text.index("<svg")) + 1
    text = text[:start] + f"\n <title>{escape(alt)}</title>" + text[start:]
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def write(script, args, output: str, draw: Callable[[object, dict], None], text: dict[str, dict],
          **options) -> None:
    """Write the chart ``output`` (``x.svg``) in every edition: ``draw(ax, t)``
    with ``t = text[lang]`` (its labels; ``t["alt"]`` is the alt text) for each
    of ``LANGS``, to ``edition(output, lang)``, through ``script.write``;
    ``options`` go to ``svg`` (``rows``, ``size``)."""
    for lang in LANGS:
        t = text[lang]
        alt = t["alt"]
        if lang == "zh":  # lists of values are joined with ASCII punctuation in the scripts
            alt = alt.replace("; ", "；").replace(": ", "：")
        body = svg(lambda ax: draw(ax, t), alt=alt, name=output.rsplit("/", 1)[-1].split(".")[0], **options)
        script.write(args, body, output=edition(output, lang))
