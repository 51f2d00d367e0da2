"""The counterexample shown on docs/verification/index.md is what racecheck
reports today for the catalog's stale-flag bug (tests/support/counterexamples.py
replays the printed schedule and compares the text)."""

from pathlib import Path

from tests.support import counterexamples
from snippets.verification.catalog_cases import BY_NAME

PUBLISHED = Path(__file__).resolve().parents[2] / "snippets/verification/counterexamples/stale_flag_bad.txt"


def test_counterexample_on_the_method_page_is_current():
    case = BY_NAME["stale_flag"]
    failure = counterexamples.check_published(
        case.scenario(case.bad), PUBLISHED, kind="invariant", seed=0
    )
    assert failure.preemptions == 1
