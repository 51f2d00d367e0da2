"""TokenMeter under racecheck (no lost update, consistent totals) and its bad twin."""

import racecheck

from snippets.analysis import token_meter, token_meter_bad
from tests.analysis.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published
from tests.support.threads import run_threads


def two_requests(make, mod):
    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: two request threads add their tokens",
        setup=make,
        threads=[lambda m: m.add(10, 1), lambda m: m.add(20, 2)],
        check=lambda m: m.totals() == (30, 3),
        targets=[mod],
    )


def test_no_lost_update():
    racecheck.verify(two_requests(token_meter.TokenMeter, token_meter))


def test_totals_are_a_consistent_pair():
    # add() updates both counters; a reader must see both or neither.
    def setup():
        return {"m": token_meter.TokenMeter(), "seen": []}

    racecheck.verify(
        racecheck.Scenario(
            name="token_meter: totals racing with add",
            setup=setup,
            threads=[lambda s: s["m"].add(5, 5), lambda s: s["seen"].append(s["m"].totals())],
            check=lambda s: s["seen"][0] in [(0, 0), (5, 5)],
            targets=[token_meter],
        )
    )


def test_bad_meter_loses_an_update_and_the_page_shows_it():
    scenario = two_requests(token_meter_bad.UnlockedTokenMeter, token_meter_bad)
    check_published(scenario, COUNTEREXAMPLES / "token_meter_bad.txt", kind="invariant")


def test_real_threads_exact_totals():
    meter = token_meter.TokenMeter()
    run_threads(*[lambda: [meter.add(3, 1) for _ in range(2000)]] * 4)
    assert meter.totals() == (24_000, 8_000)
