"""The accumulators under racecheck: conservation, snapshots, linearizability."""

import pytest
import racecheck

from snippets.problems.serving import accumulator, accumulator_bad
from tests.problems.serving.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published

MODULES = [accumulator, accumulator_bad]


def two_adds_to_one_key(make, mod):
    return racecheck.Scenario(
        name=f"{mod.__name__.rsplit('.', 1)[-1]}: two threads add 1 to one key",
        setup=make,
        threads=[lambda acc: acc.add("k", 1)] * 2,
        check=lambda acc: acc.get("k") == 2,
        targets=[mod],
    )


@pytest.mark.parametrize(
    "make",
    [accumulator.GlobalLockAccumulator, lambda: accumulator.StripedAccumulator(2)],
    ids=["global", "striped"],
)
def test_no_lost_update(make):
    racecheck.verify(two_adds_to_one_key(make, accumulator))


def test_striped_conservation_across_stripes():
    # Int keys: hash(n) == n, so keys 0 and 1 land in different stripes of 2.
    def adder(acc):
        acc.add(0, 1)
        acc.add(1, 2)
        acc.add(0, 3)

    racecheck.verify(
        racecheck.Scenario(
            name="accumulator: 3 threads, 2 stripes",
            setup=lambda: accumulator.StripedAccumulator(2),
            threads=[adder] * 3,
            check=lambda acc: acc.snapshot() == {0: 12, 1: 6},
            targets=[accumulator],
        )
    )


def test_snapshot_is_atomic():
    # One thread adds to stripe 0 then stripe 1; a snapshot must never see
    # the second add without the first.
    def setup():
        return {"acc": accumulator.StripedAccumulator(2), "snaps": []}

    def writer(s):
        s["acc"].add(0, 1)
        s["acc"].add(1, 1)

    def reader(s):
        s["snaps"].append(s["acc"].snapshot())

    allowed = [{}, {0: 1}, {0: 1, 1: 1}]
    racecheck.verify(
        racecheck.Scenario(
            name="accumulator: snapshot racing with adds",
            setup=setup,
            threads=[writer, reader],
            check=lambda s: s["snaps"][0] in allowed,
            targets=[accumulator],
        )
    )


def test_per_thread_reduce_after_join():
    racecheck.verify(
        racecheck.Scenario(
            name="accumulator: per-thread buffers",
            setup=accumulator.PerThreadAccumulator,
            threads=[lambda acc: (acc.add("k", 1), acc.add("j", 2))] * 3,
            check=lambda acc: acc.reduce() == {"k": 3, "j": 6},
            targets=[accumulator],
        )
    )


OPS = [
    [("add", 0, 1), ("get", 0, None)],
    [("add", 0, 2), ("add", 1, 1)],
    [("get", 0, None), ("add", 1, 1), ("get", 1, None)],
]


@pytest.mark.parametrize(
    "make",
    [accumulator.GlobalLockAccumulator, lambda: accumulator.StripedAccumulator(2)],
    ids=["global", "striped"],
)
def test_linearizable_as_a_key_value_map(make):
    racecheck.lincheck(
        make, OPS, racecheck.kv_model(), targets=[accumulator], name="accumulator", rounds=20
    )


def test_bad_unlocked_add_loses_updates():
    scenario = two_adds_to_one_key(accumulator_bad.UnlockedAccumulator, accumulator_bad)
    assert racecheck.expect_failure(scenario, minimize=False).kind == "invariant"
    check_published(scenario, COUNTEREXAMPLES / "accumulator_bad.txt", kind="invariant")


def test_bad_unlocked_add_is_not_linearizable():
    scenario = racecheck.linearizability_scenario(
        "accumulator_bad: add/get histories",
        accumulator_bad.UnlockedAccumulator,
        [[("add", 0, 1), ("get", 0, None)], [("add", 0, 2), ("get", 0, None)]],
        racecheck.kv_model(),
        targets=[accumulator_bad],
    )
    failure = racecheck.expect_failure(scenario, minimize=False)
    assert "not linearizable" in str(failure).lower(), failure


def test_real_threads_conserve_and_snapshot():
    def adder(acc):
        for _ in range(200):
            acc.add(0, 1)
            acc.add(1, 2)

    racecheck.stress(
        lambda: accumulator.StripedAccumulator(2),
        [adder] * 4,
        lambda acc: acc.snapshot() == {0: 800, 1: 1600},
        rounds=10,
        timeout=5,
        name="accumulator: 4 real threads",
    )
