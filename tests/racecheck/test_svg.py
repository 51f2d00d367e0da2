"""The interleaving picture (racecheck/_svg.py) shows what a phone reader
needs in its text, not only in <title> tooltips a phone cannot show: the
failing check's whole message, wrapped; a long scenario name, wrapped; the
step where a thread raised, boxed in red like any failing step."""

import re

import racecheck
from racecheck._svg import interleaving_svg
from tests.racecheck import examples as ex

LONG = "the counter lost an update: " + "expected 2 increments to be counted, " * 3 + "got 1"


def _visible_text(svg: str) -> str:
    """The picture's text as shown: <text>/<tspan> contents, without <title>s."""
    svg = re.sub(r"<title>.*?</title>", "", svg)
    return " ".join(re.findall(r">([^<>]+)<", svg))


def _failure(name, threads, check):
    return racecheck.expect_failure(racecheck.Scenario(
        name=name, setup=ex.Counter, threads=threads, check=check, targets=[ex]))


def test_the_whole_check_message_and_scenario_name_are_in_the_picture():
    name = "a counter shared by two threads, " * 3 + "end"

    def check(c):
        assert c.n == 2, LONG

    svg = interleaving_svg(_failure(name, [lambda c: c.incr()] * 2, check).record)
    shown = " ".join(_visible_text(svg).split())
    assert "got 1" in shown and "…" not in shown.split("got 1")[0][-40:]
    assert " ".join(LONG.split()) in shown and name.replace("  ", " ").strip() in shown


def test_the_step_that_raised_is_boxed_in_red():
    def boom(c):
        c.incr()
        raise RuntimeError("boom")

    svg = interleaving_svg(_failure("raises", [boom], lambda c: True).record)
    failing = [g for g in svg.split("<g>") if "failing step" in g.split("</title>")[0]]
    assert failing and 'class="rc-box rc-fail"' in failing[0] and "rc-end" not in failing[0]
