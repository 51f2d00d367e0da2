"""Strategies, determinism, replay and minimization."""

import pytest

import racecheck
from tests.racecheck import examples as ex
from tests.racecheck.test_classic_bugs import counter_scenario, mailbox_scenario, transfer_scenario


@pytest.mark.parametrize("strategy", ["random", "pct", "pct-local", "pct-sync", "mixed",
                                      "exhaustive"])
def test_every_strategy_finds_the_lost_update(strategy):
    failure = racecheck.expect_failure(counter_scenario(ex.Counter), strategy=strategy)
    assert failure.kind == "invariant"


@pytest.mark.parametrize("strategy", ["random", "pct", "pct-local", "pct-sync", "exhaustive"])
def test_every_strategy_finds_the_lock_order_deadlock(strategy):
    racecheck.expect_failure(transfer_scenario(ex.transfer_bad), strategy=strategy,
                             kind="deadlock")


def test_pct_depth_is_configurable():
    failure = racecheck.expect_failure(counter_scenario(ex.Counter), strategy="pct", depth=2)
    assert failure.strategy == "pct" and failure.depth == 2


def test_exhaustive_covers_the_bounded_space_of_a_correct_scenario():
    result = racecheck.explore_exhaustive(counter_scenario(ex.LockedCounter),
                                          preemption_bound=1)
    assert result.complete
    assert result.runs > 5
    # A larger bound explores strictly more schedules.
    bigger = racecheck.explore_exhaustive(counter_scenario(ex.LockedCounter),
                                          preemption_bound=2)
    assert bigger.complete and bigger.runs > result.runs


def test_same_seed_same_schedule():
    scenario = mailbox_scenario(ex.MailboxBad)
    first = racecheck.expect_failure(scenario, minimize=False)
    second = racecheck.expect_failure(scenario, minimize=False)
    assert (first.seed, first.strategy, first.schedule_text) == \
        (second.seed, second.strategy, second.schedule_text)


@pytest.mark.parametrize("strategy", ["random", "pct"])
def test_replay_from_seed_reproduces_the_failure(strategy):
    scenario = counter_scenario(ex.Counter)
    failure = racecheck.expect_failure(scenario, strategy=strategy, minimize=False)
    for _ in range(5):
        again = racecheck.replay(scenario, seed=failure.seed, strategy=failure.strategy,
                                 depth=failure.depth)
        assert again is not None
        assert again.schedule_text == failure.schedule_text
    assert f"seed={failure.seed}" in failure.replay_call


def test_replay_of_a_passing_schedule_returns_none():
    assert racecheck.replay(counter_scenario(ex.Counter), schedule="") is None


def test_replay_minimized_schedule_string():
    scenario = transfer_scenario(ex.transfer_bad)
    failure = racecheck.expect_failure(scenario, kind="deadlock")
    again = racecheck.replay(scenario, schedule=failure.schedule)
    assert again.kind == "deadlock"
    assert again.schedule_text == failure.schedule_text


def test_minimization_drops_preemptions():
    scenario = mailbox_scenario(ex.MailboxBad)
    raw = racecheck.expect_failure(scenario, strategy="random", minimize=False)
    small = racecheck.expect_failure(scenario, strategy="random")
    assert small.seed == raw.seed
    assert small.preemptions <= raw.preemptions
    assert small.preemptions <= 1
    assert len(small.schedule_text.splitlines()) <= len(raw.schedule_text.splitlines())


def test_failure_message_is_self_contained():
    failure = racecheck.expect_failure(counter_scenario(ex.Counter))
    text = str(failure)
    for needle in ("Counter: two increments", "invariant violated", "seed", "replay:",
                   "step", "thread", "line", "operation", "in examples.py",
                   "self.n += 1", "the final check failed"):
        assert needle in text
    rows = failure.schedule_text.splitlines()
    # The verdict comes first; the preemption and the failing step are marked.
    assert text.splitlines()[0].startswith("racecheck: FAILED, invariant violated")
    assert any(r.startswith(">>") and " T1 " in r for r in rows)
    assert rows[-1].startswith("!!")


def test_locks_held_column_names_the_locks():
    failure = racecheck.expect_failure(transfer_scenario(ex.transfer_bad), kind="deadlock")
    header = failure.schedule_text.splitlines()[0]
    assert header.split()[-2:] == ["locks", "held"]
    assert "state[0].lock" in failure.schedule_text


def test_nondeterministic_scenario_is_reported_by_exhaustive_search():
    runs = {"n": 0}

    def setup():
        runs["n"] += 1  # state that leaks from one run into the next
        return runs["n"]

    scenario = racecheck.Scenario(
        name="leaky setup", setup=setup,
        threads=[lambda n: ex.busy(n % 3 + 1), lambda n: ex.busy(1)], targets=[ex])
    with pytest.raises(racecheck.UnsupportedOperation, match="not deterministic"):
        racecheck.explore_exhaustive(scenario, preemption_bound=1)


def test_thread_identity_and_thread_locals_work_inside_a_run():
    import threading

    local = threading.local()

    def body(s):
        local.name = threading.current_thread().name
        s.append((threading.get_ident(), local.name))

    def check(s):
        return len({ident for ident, _ in s}) == 2

    racecheck.verify(racecheck.Scenario(name="identity", setup=list, threads=[body, body],
                                        check=check, targets=[ex]), runs=10)


# ------------------------------------------------------ the strategy protocol
def test_every_registered_search_yields_strategies_of_the_protocol():
    from racecheck.strategies import SEARCHES, Plan, Strategy

    assert sorted(SEARCHES) == ["exhaustive", "mixed", "pct", "pct-local", "pct-sync", "random"]
    for name, search in SEARCHES.items():
        first = next(search.runs(Plan(seed=3, steps=10)))
        assert isinstance(first, Strategy), name
        assert isinstance(first.describe(), str) and isinstance(first.timeouts, bool)


def test_a_new_strategy_is_one_registered_function():
    # What docs/contributing.md describes: a class with start/choose/describe
    # and a @register-ed search; verify(strategy=name) then runs it.
    import itertools

    from racecheck.strategies import SEARCHES, register

    class LastRunnable:
        """Always the highest-index runnable thread: a deliberately bad strategy."""
        name = "last"
        timeouts = False

        def start(self, run):
            pass

        def choose(self, run, cur, runnable, default):
            return runnable[-1]

        def describe(self):
            return "last runnable"

    try:
        register("last")(lambda plan: (LastRunnable() for _ in itertools.count()))
        result = racecheck.verify(counter_scenario(ex.Counter), strategy="last", runs=5)
        assert result.runs == 5 and result.strategies == "last"
        with pytest.raises(ValueError, match="registered twice"):
            register("last")(lambda plan: iter(()))
    finally:
        SEARCHES.pop("last", None)


def test_the_package_exports_names_explicitly():
    import sys
    from pathlib import Path

    source = Path(racecheck.__file__).read_text()
    assert "import *" not in source and "owned by" not in source
    for sub in ("racecheck.linearizability", "racecheck.stress"):
        assert set(sys.modules[sub].__all__) <= set(racecheck.__all__), sub
    assert all(hasattr(racecheck, n) for n in racecheck.__all__)


def test_timeouts_option_is_validated():
    with pytest.raises(ValueError, match="timeouts must be 'explore', 'eager' or 'lazy'"):
        racecheck.Scenario(name="t", setup=dict, threads=[print], targets=[ex],
                           timeouts="sometimes")


# ------------------------------------------- visible instructions, per-thread PCT
def test_frame_local_instructions_are_not_visible():
    import dis

    from racecheck import _visible

    def f(obj, items):
        x = 1
        y = x
        obj.value = y
        items.append(obj.value)
        return y

    flags = _visible.table(f.__code__)
    seen = {ins.opname: flags[ins.offset] for ins in dis.get_instructions(f)}
    assert seen["STORE_ATTR"] == 1 and seen["LOAD_ATTR"] == 1 and seen["CALL"] == 1
    assert seen["RETURN_VALUE"] == 1
    assert seen.get("LOAD_CONST", 0) == 0 and seen["STORE_FAST"] == 0


@pytest.mark.parametrize("kind", ["random", "pct-local"])
def test_random_strategies_switch_only_right_after_a_visible_instruction(kind):
    from racecheck import _api, _runtime, _visible
    from racecheck.strategies.pct_local import LocalPCT
    from racecheck.strategies.random_walk import RandomWalk

    scenario = counter_scenario(ex.Counter)
    preempted = 0
    with _api._Session(scenario, None) as session:
        calib = session.calibrate()
        for seed in range(30):
            strategy = RandomWalk(seed) if kind == "random" else LocalPCT(
                seed, 3, tuple(w.vsteps for w in calib.workers))
            run = session.run(strategy)
            trace = run.trace
            for i, event in enumerate(trace):
                if event[0] != _runtime.PREEMPT:
                    continue
                stopped = trace[i - 1][1]  # the thread whose step was pending
                mine = [e for e in trace[:i] if e[1] == stopped
                        and e[0] in (_runtime.STEP, _runtime.SYNC)]
                pending = next((e for e in trace[i:] if e[0] == _runtime.STEP
                                and e[1] == stopped), None)
                if not mine or mine[-1][0] != _runtime.STEP or pending is None:
                    continue
                last = mine[-1]
                preempted += 1
                # It stopped right after a visible instruction, or on entering other code.
                assert _visible.table(last[2])[last[3]] == 1 or pending[2] is not last[2], (
                    seed, dis_name(last), dis_name(pending))
    assert preempted > 10


def dis_name(step):
    import dis

    code, offset = step[2], step[3]
    return next(i.opname for i in dis.get_instructions(code) if i.offset == offset)


def test_per_thread_pct_finds_a_window_in_one_threads_steps_sooner_than_paper_pct():
    # The catalog's ABA: one pop must stall between reading the head and its
    # compare-and-set while the other thread pops twice and pushes back.
    from snippets.verification.catalog_cases import BY_NAME

    case = BY_NAME["aba"]
    runs = {}
    for strategy in ("pct", "pct-local", "pct-sync"):
        runs[strategy] = sum(
            racecheck.expect_failure(case.scenario(case.bad), strategy=strategy, depth=2,
                                     seed=seed * 1000, minimize=False).runs
            for seed in range(6))
    assert runs["pct-local"] < runs["pct"] and runs["pct-sync"] < runs["pct"], runs
