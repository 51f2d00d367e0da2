"""Bad input ends in a clear failure or UnsupportedOperation, never a hang or a pass."""

import _thread
import asyncio
import multiprocessing
import select
import socket
import subprocess
import threading
import time

import pytest

import racecheck
from tests.racecheck import examples as ex

real_sleep = time.sleep  # bound before any run: calling it in a run is a real sleep


def scenario(name, threads, setup=dict, **kw):
    return racecheck.Scenario(name=name, setup=setup, threads=threads, targets=[ex], **kw)


def test_exception_in_a_thread_is_reported_with_traceback():
    def boom(s):
        raise KeyError("missing")

    failure = racecheck.expect_failure(scenario("raises", [boom, lambda s: None]))
    assert failure.kind == "exception"
    assert "KeyError" in str(failure) and "in boom" in failure.details
    assert "_runtime.py" not in failure.details  # harness frames are hidden


def test_endless_loop_hits_the_step_limit():
    failure = racecheck.expect_failure(
        scenario("spins", [lambda s: ex.spin_until({"flag": False})], max_steps=2000),
        runs=3)
    assert failure.kind == "livelock"
    assert "step limit" in str(failure)


def test_busy_wait_for_another_thread_is_a_livelock_not_a_hang():
    flag = {"flag": False}

    def setter(s):
        ex.nap(1)
        flag["flag"] = True

    failure = racecheck.expect_failure(
        scenario("busy wait", [lambda s: ex.spin_until(flag), setter], max_steps=3000),
        kind="livelock", runs=5)
    assert "livelock" in str(failure)


def check_unsupported(fn, needle, watchdog=None, **kw):
    start = time.perf_counter()
    with pytest.raises(racecheck.UnsupportedOperation) as info:
        racecheck.verify(scenario(f"unsupported: {needle}", [fn, lambda s: None], **kw),
                         runs=3, watchdog=watchdog)
    assert needle in str(info.value)
    assert f"unsupported: {needle}" in str(info.value)  # names the scenario
    assert time.perf_counter() - start < 5
    # ... and it is never mistaken for the failure a known-bad variant should show.
    with pytest.raises(racecheck.UnsupportedOperation):
        racecheck.expect_failure(scenario("again", [fn], **kw), runs=3, watchdog=watchdog)


def test_thread_lock_is_unsupported():
    check_unsupported(lambda s: _thread.allocate_lock(), "_thread.allocate_lock")


def test_multiprocessing_is_unsupported():
    check_unsupported(lambda s: multiprocessing.Lock(), "multiprocessing")


def test_a_multiprocessing_thread_pool_points_to_the_executor():
    """multiprocessing.pool.ThreadPool runs threads but makes multiprocessing
    locks: the refusal says what to use instead."""
    from multiprocessing.pool import ThreadPool

    def body(_):
        with ThreadPool(2) as pool:
            pool.map(abs, [1, -2])

    check_unsupported(body, "ThreadPoolExecutor")


def test_asyncio_is_unsupported():
    check_unsupported(lambda s: asyncio.new_event_loop(), "asyncio")


def test_socket_is_unsupported():
    check_unsupported(lambda s: socket.socket(), "socket")


def test_select_is_unsupported():
    check_unsupported(lambda s: select.select([], [], [], 0), "select")


def test_subprocess_is_unsupported():
    check_unsupported(lambda s: subprocess.run(["true"]), "subprocess")


def test_input_is_unsupported():
    check_unsupported(lambda s: input(), "input")


def test_real_sleep_is_unsupported():
    check_unsupported(lambda s: real_sleep(0.01), "real time.sleep")


def test_swallowed_unsupported_error_is_still_reported():
    def swallow(s):
        try:
            socket.socket()
        except Exception:
            pass

    check_unsupported(swallow, "socket")


def test_a_real_lock_held_elsewhere_trips_the_watchdog():
    outside = _thread.allocate_lock()
    outside.acquire()
    try:
        check_unsupported(lambda s: outside.acquire(), "made no progress", watchdog=0.3)
    finally:
        outside.release()


def test_a_real_lock_held_elsewhere_is_reported_with_positions_even_past_the_watchdog():
    # However slowly the controller looks (a loaded machine), the report names
    # the lock and where each thread stands, never a generic "no progress".
    outside = _thread.allocate_lock()
    outside.acquire()
    try:
        with pytest.raises(racecheck.UnsupportedOperation) as info:
            racecheck.verify(scenario("held elsewhere", [lambda s: outside.acquire(),
                                                         lambda s: None]),
                             runs=3, watchdog=0.3)
    finally:
        outside.release()
    message = str(info.value)
    assert "scenario 'held elsewhere': thread T0 made no progress" in message
    assert "it waits for outside, a real lock created before the run" in message
    assert "Threads when the run stopped:" in message


def test_scenario_validation():
    with pytest.raises(ValueError):
        racecheck.Scenario(name="none", setup=dict, threads=[])
    with pytest.raises(ValueError):
        racecheck.Scenario(name="bad", setup=dict, threads=[print], granularity="word")


# ------------------------------------------------------------- strict inputs
@pytest.mark.parametrize("returned", [0, "", [], 1, "yes", None.__class__, 0.0])
def test_check_must_return_a_bool_or_none(returned):
    sc = scenario("check returns junk", [lambda s: None], check=lambda s: returned)
    with pytest.raises(TypeError, match=r"scenario 'check returns junk': check returned "
                                        r".*must return True, False or None"):
        racecheck.verify(sc, runs=2)
    # A falsy non-bool is never a pass, and never taken for the known-bad failure either.
    with pytest.raises(TypeError, match="check returns junk"):
        racecheck.expect_failure(sc, runs=2)


def test_check_returning_a_bool_or_none_is_accepted():
    for ok in (True, None):
        racecheck.verify(scenario("check ok", [lambda s: None], check=lambda s: ok), runs=2)
    with pytest.raises(racecheck.ScheduleFailure, match="check returned False"):
        racecheck.verify(scenario("check false", [lambda s: None], check=lambda s: False),
                         runs=2)


def test_targets_must_be_given():
    for empty in ([], ()):
        with pytest.raises(ValueError, match=r"scenario 'no targets': targets is empty"):
            racecheck.Scenario(name="no targets", setup=dict, threads=[print], targets=empty)
    with pytest.raises(ValueError, match="targets is empty"):
        racecheck.Scenario(name="no targets", setup=dict, threads=[print])


@pytest.mark.parametrize("bad", ["tests.racecheck.examples", 42, ex.Counter(), None])
def test_targets_must_be_modules_classes_or_functions(bad):
    with pytest.raises(TypeError, match=r"scenario 'odd target': targets must be modules, "
                                        r"classes or functions, not "):
        racecheck.Scenario(name="odd target", setup=dict, threads=[print], targets=[ex, bad])


def test_a_single_target_need_not_be_a_list():
    for one in (ex, ex.Counter, ex.transfer, ex.Counter().incr):
        assert racecheck.Scenario(name="one", setup=dict, threads=[print],
                                  targets=one).targets == [one]


@pytest.mark.parametrize("call", [racecheck.verify, racecheck.expect_failure])
def test_unknown_strategy_names_are_refused(call):
    sc = scenario("strategy name", [lambda s: None])
    with pytest.raises(ValueError, match=r"unknown strategy 'pcts'; known strategies: "
                                         r"'exhaustive', 'mixed', 'pct', 'pct-local', 'pct-sync', 'random'"):
        call(sc, strategy="pcts")
    with pytest.raises(ValueError, match="unknown strategy 'exhaustiv'"):
        racecheck.replay(sc, seed=1, strategy="exhaustiv")


@pytest.mark.parametrize("var,value,needle", [
    ("RACECHECK_BUDGET", "lots", "RACECHECK_BUDGET must be a number (e.g. 50), got 'lots'"),
    ("RACECHECK_BUDGET", "-1", "RACECHECK_BUDGET must be a positive number, got '-1'"),
    ("RACECHECK_BUDGET", "nan", "RACECHECK_BUDGET must be a positive number"),
    ("RACECHECK_BUDGET", "0", "RACECHECK_BUDGET must be a positive number"),
    ("RACECHECK_SEED", "seven", "RACECHECK_SEED must be an integer (e.g. 7), got 'seven'"),
    ("RACECHECK_SEED", "1.5", "RACECHECK_SEED must be an integer"),
])
def test_malformed_environment_is_refused(monkeypatch, var, value, needle):
    monkeypatch.setenv(var, value)
    sc = scenario("env", [lambda s: None])
    for call in (racecheck.verify, racecheck.expect_failure):
        with pytest.raises(ValueError) as info:
            call(sc, runs=2)
        assert needle in str(info.value)


@pytest.mark.parametrize("inner", ["verify", "expect_failure", "replay"])
def test_nested_verify_inside_a_scenario_thread_is_refused(inner):
    inner_sc = scenario("inner", [lambda s: None])
    calls = {"verify": lambda: racecheck.verify(inner_sc),
             "expect_failure": lambda: racecheck.expect_failure(inner_sc),
             "replay": lambda: racecheck.replay(inner_sc, seed=1)}
    outer = scenario("outer", [lambda s: calls[inner](), lambda s: None])
    start = time.perf_counter()
    with pytest.raises(racecheck.UnsupportedOperation,
                       match=rf"scenario 'outer': racecheck.{inner} \(nested in a scenario\) "
                             "is not supported"):
        racecheck.verify(outer, runs=3)
    assert time.perf_counter() - start < 5


def test_nested_verify_in_setup_is_refused():
    inner_sc = scenario("inner", [lambda s: None])
    outer = scenario("outer setup", [lambda s: None],
                     setup=lambda: racecheck.verify(inner_sc))
    with pytest.raises(racecheck.UnsupportedOperation, match="scenario 'outer setup': "
                                                             "racecheck.verify"):
        racecheck.verify(outer, runs=2)
