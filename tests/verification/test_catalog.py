"""Proof of teeth: every catalog pair, checked the same way.

The correct module passes ``racecheck.verify`` (and a short real-thread
stress); the ``*_bad`` module fails ``racecheck.expect_failure`` with the
expected failure kind, and its counterexample replays from the seed.
"""

from pathlib import Path

import pytest

import racecheck
from tests.support import counterexamples
from snippets.verification.catalog_cases import CASES, MORE_SCENARIOS

IDS = [case.name for case in CASES]
PUBLISHED = Path(__file__).resolve().parents[2] / "snippets" / "verification" / "counterexamples"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_correct_version_verifies(case):
    racecheck.verify(case.scenario(case.good))


@pytest.mark.parametrize("case", [c for c in CASES if c.name in MORE_SCENARIOS],
                         ids=[c.name for c in CASES if c.name in MORE_SCENARIOS])
def test_correct_version_verifies_more_scenarios(case):
    racecheck.verify(MORE_SCENARIOS[case.name](case.good))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_version_is_caught(case):
    failure = racecheck.expect_failure(case.scenario(case.bad), kind=case.bad_kind)
    assert failure.schedule_text
    again = racecheck.replay(
        case.scenario(case.bad), seed=failure.seed, strategy=failure.strategy, depth=failure.depth
    ) if failure.seed is not None else racecheck.replay(case.scenario(case.bad), schedule=failure.schedule)
    assert again is not None and again.kind == failure.kind


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_correct_version_on_real_threads(case):
    racecheck.stress_scenario(case.scenario(case.good), rounds=20, timeout=10)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_counterexample_on_the_catalog_page_is_current(case):
    # docs/verification/catalog.md shows each of these files; the schedule in
    # the file is replayed and must still fail with the same text.
    counterexamples.check_published(
        case.scenario(case.bad), PUBLISHED / f"{case.name}_bad.txt", kind=case.bad_kind, seed=0
    )
