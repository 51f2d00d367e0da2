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


def test_scenario_validation():
    with pytest.raises(ValueError):
        racecheck.Scenario(name="none", setup=dict, threads=[])
    with pytest.raises(ValueError):
        racecheck.Scenario(name="bad", setup=dict, threads=[print], granularity="word")
