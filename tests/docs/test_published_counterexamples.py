"""The freshness check of published failure reports has teeth.

tests/support/counterexamples.py keeps the schedules shown on pages true;
these tests generate a report for a known lost update, then break the file
or the code in the ways that make a page lie, and require the check to fail.
"""

from __future__ import annotations

import sys
import threading

import pytest

import racecheck
from snippets.seed_review import shared_counter, shared_counter_bad
from tests.support import counterexamples

pytestmark = pytest.mark.skipif(
    sys.version_info[:2] != counterexamples.RECORDED_ON,
    reason="published reports are compared on the recording Python only",
)


def two_adds(module):
    return racecheck.Scenario(
        name="counter: two threads add 1",
        setup=module.SharedCounter,
        threads=[lambda c: c.add(), lambda c: c.add()],
        check=lambda c: c.value == 2,
        targets=[module],
    )


@pytest.fixture
def published(tmp_path, monkeypatch):
    path = tmp_path / "lost_update.txt"
    monkeypatch.setenv(counterexamples.UPDATE_ENV, "1")
    counterexamples.check_published(two_adds(shared_counter_bad), path, kind="invariant")
    monkeypatch.delenv(counterexamples.UPDATE_ENV)
    return path


def test_generated_report_checks_clean(published):
    text = published.read_text(encoding="utf-8")
    assert "counter: two threads add 1" in text and ", one row per line run without a switch" in text
    failure = counterexamples.check_published(two_adds(shared_counter_bad), published, kind="invariant")
    assert failure.kind == "invariant"


def test_edited_schedule_table_is_stale(published):
    text = published.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.rstrip().endswith("self.value += n"))
    published.write_text(text.replace(row, row.replace(" 16  ", " 99  "), 1), encoding="utf-8")
    with pytest.raises(AssertionError, match="is stale"):
        counterexamples.check_published(two_adds(shared_counter_bad), published, kind="invariant")


def test_fixed_code_makes_the_page_fail(published):
    # The same scenario on the corrected class: the page's schedule no longer fails.
    with pytest.raises(AssertionError, match="no longer fails"):
        counterexamples.check_published(two_adds(shared_counter), published, kind="invariant")


def test_wrong_kind_is_reported(published):
    with pytest.raises(AssertionError, match="not 'deadlock'"):
        counterexamples.check_published(two_adds(shared_counter_bad), published, kind="deadlock")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(AssertionError, match="is missing"):
        counterexamples.check_published(two_adds(shared_counter_bad), tmp_path / "nope.txt")


def test_edited_failure_description_is_stale(published):
    text = published.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines[0] = lines[0].replace("FAILED", "FAILED (edited)")
    published.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(AssertionError, match="is stale"):
        counterexamples.check_published(two_adds(shared_counter_bad), published, kind="invariant")


def test_published_report_is_one_text_under_cpu_load():
    """A report is built once, from the run frozen when it ended: replaying a
    published failure 200 times while another thread loads the CPU gives one
    text. (Before, the aborting thread's cleanup raced the report and about
    one replay in 150 printed a different one.) The livelock is the case that
    raced: its spinning thread unwinds while the others are being aborted."""
    from snippets.problems.leetcode import p1114_print_in_order_busywait_bad as busywait
    from tests.problems.leetcode.problems import P1114
    from tests.problems.leetcode.template import published

    path = published(busywait)
    scenario = P1114.judge.scenario
    schedule = counterexamples.published_schedule(path)
    stop = threading.Event()

    def load():
        x = 0
        while not stop.is_set():
            x += 1

    # A short switch interval makes the GIL change hands often, as a loaded
    # machine does; with it the old code printed 2-3 different texts in 200.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    try:
        texts = {counterexamples.page_text(racecheck.replay(scenario(busywait), schedule=schedule))
                 for _ in range(200)}
    finally:
        stop.set()
        loader.join(timeout=10)
        sys.setswitchinterval(interval)
    assert len(texts) == 1, "\n\n".join(sorted(texts)[:2])
    assert counterexamples.described(texts.pop()) == counterexamples.described(
        path.read_text(encoding="utf-8"))


def test_picture_and_include_are_generated_beside_the_text(published):
    svg = published.with_suffix(".svg").read_text(encoding="utf-8")
    md = published.with_suffix(".md").read_text(encoding="utf-8")
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert "<script" not in svg and "currentColor" in svg
    assert ">T0<" in svg and ">T1<" in svg  # one lane per thread, labelled in real text
    assert "rc-pre" in svg and "rc-fail" in svg  # the preemption and the failure are marked
    assert md.count("--8<--") == 2 and ".svg" in md and ".txt" in md


@pytest.mark.parametrize("suffix, old, new", [(".svg", ">T1<", ">T9<"), (".md", "failure", "note")])
def test_edited_picture_or_include_is_stale(published, suffix, old, new):
    path = published.with_suffix(suffix)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError, match="is stale"):
        counterexamples.check_published(two_adds(shared_counter_bad), published, kind="invariant")


@pytest.mark.parametrize("suffix", [".svg", ".md"])
def test_missing_picture_or_include_is_reported(published, suffix):
    published.with_suffix(suffix).unlink()
    with pytest.raises(AssertionError, match="is missing"):
        counterexamples.check_published(two_adds(shared_counter_bad), published, kind="invariant")
