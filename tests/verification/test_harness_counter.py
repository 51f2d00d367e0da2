"""Tests of snippets/verification/harness_counter*.py and the counterexample on
docs/verification/harness.md."""

import re
from pathlib import Path

import racecheck
from snippets.verification import harness_counter, harness_counter_bad, harness_counter_check
from tests.support.counterexamples import check_published, described, page_text

COUNTEREXAMPLES = Path(__file__).resolve().parents[2] / "snippets" / "verification" / "counterexamples"


def _normalized(text):
    # Step numbers count bytecodes, which differ between Python versions; the
    # marks, rows, threads, lines, operations and locks must match exactly.
    lines = [re.sub(r"^(>>|!!)?\s*\d*\s+", r"\1 ", line.rstrip()) for line in text.splitlines()]
    return [re.sub(r" {2,}", "  ", line) for line in lines]


def assert_page_output(name, scenario, **search):
    """The failure shown on the harness page is what the harness prints today:
    exactly on the recording Python (check_published), and on every other
    version up to step numbers."""
    path = COUNTEREXAMPLES / name
    failure = check_published(scenario, path, **search)
    shown, now = (_normalized("\n".join(described(text)))
                  for text in (path.read_text(encoding="utf-8"), page_text(failure)))
    assert shown == now, (
        f"{path} differs from what this Python prints (beyond step numbers):\n{page_text(failure)}"
    )
    return failure


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
    assert_page_output("harness_counter_bad.txt", scenario, seed=0, runs=1500)
    failure = racecheck.expect_failure(scenario, seed=0, runs=1500)
    # The replay call printed in the failure reproduces it.
    again = racecheck.replay(scenario, seed=failure.seed, strategy=failure.strategy)
    assert again is not None and again.kind == "invariant"
    assert racecheck.replay(scenario, schedule=failure.schedule).schedule_text == \
        failure.schedule_text
