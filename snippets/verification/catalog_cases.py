"""The catalog of classic concurrency bugs as racecheck scenarios.

One `Case` per good/bad pair in ``snippets/verification/catalog/``. The same
scenario factory is applied to the correct module (``racecheck.verify`` must
pass) and to the ``*_bad`` module (``racecheck.expect_failure`` must find a
failing schedule). Published on the catalog page; used by ``tests/verification/test_catalog.py`` and by
``bench/verification_catalog.py``, so the benchmark measures exactly what
the tests check.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Callable

import racecheck
from snippets.verification.catalog import (
    aba,
    aba_bad,
    check_then_act,
    check_then_act_bad,
    dict_update,
    dict_update_bad,
    lazy_init,
    lazy_init_bad,
    lock_order,
    lock_order_bad,
    lost_update,
    lost_update_bad,
    missed_wakeup,
    missed_wakeup_bad,
    notify_all,
    notify_all_bad,
    release_on_all_paths,
    release_on_all_paths_bad,
    stale_flag,
    stale_flag_bad,
)


@dataclass(frozen=True)
class Case:
    name: str  # the module name, e.g. "lost_update"
    title: str  # what the bug is called
    good: ModuleType
    bad: ModuleType
    scenario: Callable[[ModuleType], racecheck.Scenario]
    bad_kind: str  # the failure kind the bad module must produce
    real_threads_ok: bool = True  # False: the bad version would hang real threads


def _short(mod):
    return mod.__name__.rsplit(".", 1)[-1]


class Box:
    """Shared state of a scenario plus a place for the threads' results."""

    def __init__(self, obj, **extra):
        self.obj = obj
        self.got = []
        self.__dict__.update(extra)


# --8<-- [start:lost_update]
def lost_update_scenario(mod):
    return racecheck.Scenario(
        name=f"{_short(mod)}: two add(1)",
        setup=mod.TokenCounter,
        threads=[lambda c: c.add(1), lambda c: c.add(1)],
        check=lambda c: c.total == 2,
        targets=[mod],
    )
# --8<-- [end:lost_update]


# --8<-- [start:check_then_act]
def check_then_act_scenario(mod):
    def take(box):
        box.got.append(box.obj.take())

    return racecheck.Scenario(
        name=f"{_short(mod)}: two takes, one block",
        setup=lambda: Box(mod.BlockPool([7])),
        threads=[take, take],
        check=lambda box: sorted(box.got, key=str) == [7, None],
        targets=[mod],
    )
# --8<-- [end:check_then_act]


# --8<-- [start:lazy_init]
def lazy_init_scenario(mod):
    def setup():
        loads = []
        return Box(mod.LazyTokenizer(lambda: loads.append(1) or object()), loads=loads)

    def get(box):
        box.got.append(box.obj.get())

    def check(box):
        assert len(box.loads) == 1, f"loaded {len(box.loads)} times"
        return box.got[0] is box.got[1]

    return racecheck.Scenario(
        name=f"{_short(mod)}: two first uses",
        setup=setup, threads=[get, get], check=check, targets=[mod],
    )
# --8<-- [end:lazy_init]


# --8<-- [start:missed_wakeup]
def missed_wakeup_scenario(mod):
    def consume(box):
        box.got.append(box.obj.get())

    def produce(box):
        box.obj.put(1)
        box.obj.put(2)

    return racecheck.Scenario(
        name=f"{_short(mod)}: two consumers, one producer",
        setup=lambda: Box(mod.RequestQueue()),
        threads=[consume, consume, produce],
        check=lambda box: sorted(box.got) == [1, 2],
        targets=[mod],
    )
# --8<-- [end:missed_wakeup]


# --8<-- [start:notify_all]
def notify_all_scenario(mod):
    return racecheck.Scenario(
        name=f"{_short(mod)}: two waiters, one loader",
        setup=mod.ReadyGate,
        threads=[lambda g: g.wait_ready(), lambda g: g.wait_ready(), lambda g: g.mark_ready()],
        check=None,  # finishing at all is the check: a stuck waiter is a deadlock
        targets=[mod],
    )
# --8<-- [end:notify_all]


# --8<-- [start:lock_order]
def lock_order_scenario(mod):
    def setup():
        return mod.Tenant(1, 100), mod.Tenant(2, 100)

    return racecheck.Scenario(
        name=f"{_short(mod)}: transfers in both directions",
        setup=setup,
        threads=[
            lambda ab: mod.transfer(ab[0], ab[1], 10),
            lambda ab: mod.transfer(ab[1], ab[0], 30),
        ],
        check=lambda ab: (ab[0].budget, ab[1].budget) == (120, 80),
        targets=[mod],
    )
# --8<-- [end:lock_order]


# --8<-- [start:release_on_all_paths]
def release_on_all_paths_scenario(mod):
    def admit(prompt):
        return lambda box: box.got.append(box.obj.admit(prompt))

    def check(box):
        assert not box.obj.lock.locked(), "the lock is still held after both calls"
        return sorted(box.got) == [False, True] and box.obj.in_flight == 1

    return racecheck.Scenario(
        name=f"{_short(mod)}: empty and normal prompt",
        setup=lambda: Box(mod.Admission(limit=4)),
        threads=[admit(""), admit("hello")],
        check=check,
        targets=[mod],
    )
# --8<-- [end:release_on_all_paths]


# --8<-- [start:stale_flag]
def stale_flag_scenario(mod):
    def submit(box):
        box.accepted = box.obj.submit("req-1")

    def close(box):
        box.drained = box.obj.close()

    def check(box):
        # Accepted means it is in the drained batch; rejected means it is not.
        assert box.accepted == ("req-1" in box.drained), (
            f"submit returned {box.accepted}, close drained {box.drained}"
        )

    return racecheck.Scenario(
        name=f"{_short(mod)}: submit races close",
        setup=lambda: Box(mod.Batcher(), accepted=None, drained=None),
        threads=[submit, close],
        check=check,
        targets=[mod],
    )
# --8<-- [end:stale_flag]


# --8<-- [start:aba]
def aba_scenario(mod):
    def pop_one(box):
        box.got.append(box.obj.pop().name)

    def pop_two_recycle_one(box):
        first = box.obj.pop()
        box.got.append(box.obj.pop().name)
        box.obj.push(first)  # the node is reused, not reallocated

    def check(box):
        every = sorted(box.got + box.obj.names())
        assert every == ["A", "B", "C"], f"handed out + left = {every}"

    return racecheck.Scenario(
        name=f"{_short(mod)}: pop races pop-pop-push",
        setup=lambda: Box(mod.FreeList(["A", "B", "C"])),
        threads=[pop_one, pop_two_recycle_one],
        check=check,
        targets=[mod],
    )
# --8<-- [end:aba]


# --8<-- [start:dict_update]
def dict_update_scenario(mod):
    return racecheck.Scenario(
        name=f"{_short(mod)}: two records for one model",
        setup=mod.UsageMeter,
        threads=[lambda m: m.record("llama", 5), lambda m: m.record("llama", 7)],
        check=lambda m: m.usage == {"llama": 12},
        targets=[mod],
    )
# --8<-- [end:dict_update]


# Not on the page: scenarios that make every lock of a fixed version matter
# (tests/verification/test_catalog.py runs them on the correct versions).
def lock_order_ring_scenario(mod):
    """Three tenants, transfers around the ring: each pair of locks differs,
    so dropping either lock (or updating outside them) loses budget."""
    def setup():
        return mod.Tenant(1, 100), mod.Tenant(2, 100), mod.Tenant(3, 100)

    return racecheck.Scenario(
        name=f"{_short(mod)}: transfers around three tenants",
        setup=setup,
        threads=[
            lambda t: mod.transfer(t[0], t[1], 10),
            lambda t: mod.transfer(t[1], t[2], 20),
            lambda t: mod.transfer(t[2], t[0], 30),
        ],
        check=lambda t: [x.budget for x in t] == [120, 90, 90],
        targets=[mod],
    )


def release_at_the_limit_scenario(mod):
    """limit=1 and two real prompts: exactly one is admitted."""
    return racecheck.Scenario(
        name=f"{_short(mod)}: two prompts, limit 1",
        setup=lambda: Box(mod.Admission(limit=1)),
        threads=[lambda box: box.got.append(box.obj.admit("a")), lambda box: box.got.append(box.obj.admit("b"))],
        check=lambda box: sorted(box.got) == [False, True] and box.obj.in_flight == 1,
        targets=[mod],
    )


MORE_SCENARIOS = {"lock_order": lock_order_ring_scenario, "release_on_all_paths": release_at_the_limit_scenario}


CASES = [
    Case("lost_update", "Lost update (`n += 1`)", lost_update, lost_update_bad,
         lost_update_scenario, "invariant"),
    Case("check_then_act", "Check-then-act on a container", check_then_act, check_then_act_bad,
         check_then_act_scenario, "exception"),
    Case("lazy_init", "Unsafe lazy initialization", lazy_init, lazy_init_bad,
         lazy_init_scenario, "invariant"),
    Case("missed_wakeup", "Missed wakeup (`if` around `wait`)", missed_wakeup, missed_wakeup_bad,
         missed_wakeup_scenario, "exception"),
    Case("notify_all", "`notify` where `notify_all` is needed", notify_all, notify_all_bad,
         notify_all_scenario, "deadlock", real_threads_ok=False),
    Case("lock_order", "Lock-order inversion", lock_order, lock_order_bad,
         lock_order_scenario, "deadlock", real_threads_ok=False),
    Case("release_on_all_paths", "Lock released on one path only", release_on_all_paths,
         release_on_all_paths_bad, release_on_all_paths_scenario, "deadlock",
         real_threads_ok=False),
    Case("stale_flag", "Stale read of a flag", stale_flag, stale_flag_bad,
         stale_flag_scenario, "invariant"),
    Case("aba", "ABA on a recycled node", aba, aba_bad, aba_scenario, "invariant"),
    Case("dict_update", "Non-atomic compound update of a dict", dict_update, dict_update_bad,
         dict_update_scenario, "invariant"),
]
BY_NAME = {case.name: case for case in CASES}
