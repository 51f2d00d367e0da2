"""bench/charts.py: charts that follow the page and give the same bytes for the same data."""

from __future__ import annotations

from xml.dom import minidom

import pytest

pytest.importorskip("matplotlib")

from bench import charts  # noqa: E402


def draw(ax):
    charts.lines(ax, [1, 2, 4], {"pure Python": [1.0, 0.7, 0.7], "NumPy": [1.0, 1.9, 1.8]})
    ax.set_xlabel("threads")


def test_same_data_same_bytes():
    a = charts.svg(draw, alt="speed-up by threads", name="t")
    assert a == charts.svg(draw, alt="speed-up by threads", name="t")
    assert a != charts.svg(lambda ax: charts.lines(ax, [1, 2], {"x": [1.0, 2.0]}), alt="a", name="t")


def test_svg_follows_the_page():
    text = charts.svg(draw, alt="Speed-up <by> threads", name="t")
    doc = minidom.parseString(text)  # well-formed, no XML declaration needed
    root = doc.documentElement
    assert root.tagName == "svg" and root.getAttribute("role") == "img"
    assert root.getAttribute("class") == "chart" and "width:100%" in root.getAttribute("style")
    assert root.getElementsByTagName("title")[0].firstChild.data == "Speed-up <by> threads"
    texts = [t.firstChild.data for t in root.getElementsByTagName("text") if t.firstChild]
    assert {"pure Python", "NumPy", "threads"} <= set(texts)  # text stays text
    assert charts.FG not in text and "currentColor" in text  # follows the page's text colour
    assert "#000000" not in text and "#ffffff" not in text  # no fixed black/white, no background
    assert "<metadata>" not in text and "dc:date" not in text.lower()
    assert "DejaVu" not in text  # the page's font, not matplotlib's
    assert "<style" in text and "*{" not in text.replace("svg.chart *{", "")  # no page-wide style rule


def test_ids_differ_between_charts():
    import re

    ids = [set(re.findall(r'id="(p[0-9a-f]+|m[0-9a-f]+)"', charts.svg(draw, alt="a", name=n))) for n in "ab"]
    assert ids[0] and not ids[0] & ids[1]


def test_colours_keep_contrast_on_both_schemes():
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def contrast(a: float, b: float) -> float:
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)

    white, slate = luminance("#ffffff"), luminance("#1e2129")  # Material's default / slate backgrounds
    for colour in charts.COLORS:
        assert contrast(luminance(colour), white) >= 3, colour
        assert contrast(luminance(colour), slate) >= 3, colour


def test_edition_names():
    assert charts.edition("snippets/a/figures/x.svg", "en") == "snippets/a/figures/x.svg"
    assert charts.edition("snippets/a/figures/x.svg", "zh") == "snippets/a/figures/x.zh.svg"


def test_write_draws_each_edition_with_its_labels():
    written = {}

    class Recorder:  # stands for a bench script's Script: records what it is asked to write
        def write(self, args, body, output):
            written[output] = body

    text = {"en": {"x": "threads", "alt": "a: 1; b: 2"}, "zh": {"x": "线程数", "alt": "甲: 1; 乙: 2"}}
    charts.write(Recorder(), None, "snippets/s/figures/c.svg", lambda ax, t: ax.set_xlabel(t["x"]), text)
    assert set(written) == {"snippets/s/figures/c.svg", "snippets/s/figures/c.zh.svg"}
    en, zh = written["snippets/s/figures/c.svg"], written["snippets/s/figures/c.zh.svg"]
    assert ">threads<" in en and ">线程数<" in zh
    assert "<title>a: 1; b: 2</title>" in en and "<title>甲：1；乙：2</title>" in zh  # Chinese punctuation
