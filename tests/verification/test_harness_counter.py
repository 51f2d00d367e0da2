"""Tests of snippets/verification/harness_counter*.py and the counterexample on
docs/verification/harness.md."""

import os
import re
from pathlib import Path

import racecheck
from snippets.verification import harness_counter, harness_counter_bad, harness_counter_check

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets" / "verification"
REGEN = "RACECHECK_REGEN_PAGES"


def _normalized(text):
    # Step numbers count bytecodes, which differ between Python versions; the
    # rows, threads, lines, operations and locks must match exactly.
    lines = [re.sub(r"^\d+\s+", "", line.rstrip()).lstrip() for line in text.splitlines()]
    return [re.sub(r" {2,}", "  ", line) for line in lines]


def assert_page_output(filename, failure):
    """The failure text shown on the page is what the harness prints today."""
    path = SNIPPETS / filename
    text = str(failure) + "\n"
    if os.environ.get(REGEN):
        path.write_text(text)
    assert _normalized(path.read_text()) == _normalized(text), (
        f"{path} is stale: the harness now prints\n{text}\n"
        f"Run the test with {REGEN}=1 to rewrite it (on Python 3.11), then review the page."
    )


def test_counter_increments_are_atomic():
    c = harness_counter.Counter()
    c.increment()
    assert c.value == 1
    racecheck.verify(harness_counter_check.two_increments(harness_counter))


def test_check_counters_passes_good_and_catches_bad():
    failure = harness_counter_check.check_counters()
    assert failure.kind == "invariant"
    assert failure.preemptions == 1


def test_bad_counter_counts_sequentially():
    c = harness_counter_bad.Counter()
    c.increment()
    c.increment()
    assert c.value == 2  # the bug needs a second thread


def test_counterexample_on_the_page_is_current():
    scenario = harness_counter_check.two_increments(harness_counter_bad)
    failure = racecheck.expect_failure(scenario, seed=0, runs=1500)
    assert_page_output("harness_counter_bad_failure.txt", failure)
    # The replay call printed in the failure reproduces it.
    again = racecheck.replay(scenario, seed=failure.seed, strategy=failure.strategy)
    assert again is not None and again.kind == "invariant"
    assert racecheck.replay(scenario, schedule=failure.schedule).schedule_text == \
        failure.schedule_text
