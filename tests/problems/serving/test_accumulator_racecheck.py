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


def test_single_reads_hold_the_lock_that_guards_the_sums():
    """get() and snapshot() are one dict read or copy, which no interleaving
    can split; the guard checks that they hold the lock add() writes under."""
    def setup():
        return {"acc": accumulator.GlobalLockAccumulator()}

    def check(s):
        assert s["got"] in (0, 1) and s["snap"] in ({}, {"k": 1}, {"j": 2}, {"k": 1, "j": 2}), s
        return s["acc"].snapshot() == {"k": 1, "j": 2}

    racecheck.verify(
        racecheck.Scenario(
            name="accumulator: get and snapshot while two threads add",
            setup=setup,
            threads=[lambda s: s["acc"].add("k", 1), lambda s: s["acc"].add("j", 2),
                     lambda s: (s.__setitem__("got", s["acc"].get("k")),
                                s.__setitem__("snap", s["acc"].snapshot()))],
            check=check,
            targets=[accumulator],
            guards=lambda s: [racecheck.guarded(s["acc"], "_lock", "_sums")],
        )
    )


def test_per_thread_buffers_register_under_the_lock_while_a_reduce_runs():
    """reduce() may run while writers register their buffers (it is exact only
    after they are joined): the list of buffers is guarded by _buffers_lock."""
    def check(s):
        assert set(s["partial"]) <= {"k", "j"}, s["partial"]
        return s["acc"].reduce() == {"k": 1, "j": 2}

    racecheck.verify(
        racecheck.Scenario(
            name="accumulator: per-thread buffers registered during a reduce",
            setup=lambda: {"acc": accumulator.PerThreadAccumulator()},
            threads=[lambda s: s["acc"].add("k", 1), lambda s: s["acc"].add("j", 2),
                     lambda s: s.__setitem__("partial", s["acc"].reduce())],
            check=check,
            targets=[accumulator],
            guards=lambda s: [racecheck.guarded(s["acc"], "_buffers_lock", "_buffers")],
        )
    )
