"""A generator of target code left suspended by one run is finalized later:
by garbage collection in a thread of a later run (possibly in the middle of a
hand-off), in setup, in the check, or in the main thread between runs. Its
cleanup (GeneratorExit thrown into a frame of target code, finally blocks,
context managers) belongs to a run that is over: it must not switch threads,
and must not end or disturb the run in progress (seen on 3.12: "release
unlocked lock" in Run._finish, and a watchdog stop with an empty stack).
tools/test-versions.sh runs this file on 3.12 and 3.13 too."""

import gc
import sys
import traceback

import pytest

import racecheck
from tests.racecheck import shapes_streams as ss


@pytest.fixture(autouse=True)
def frequent_gc():
    # Collect often, so the previous runs' streams are finalized in the
    # scenario threads of later runs (also inside the scheduler). An error in
    # a finalizer is only printed ("Exception ignored in: <generator ...>"):
    # collected here, it fails the test.
    old, old_hook = gc.get_threshold(), sys.unraisablehook
    ignored = []
    sys.unraisablehook = lambda u: ignored.append(
        "".join(traceback.format_exception(u.exc_type, u.exc_value, u.exc_traceback)))
    gc.set_threshold(20, 2, 2)
    try:
        yield
        _LEFT.clear()  # (closed here, outside any run)
        gc.collect()
    finally:
        gc.set_threshold(*old)
        sys.unraisablehook = old_hook
    assert not ignored, ignored[0]


def scenario(name, threads, check, setup=ss.Resp):
    return racecheck.Scenario(name=name, setup=setup, threads=threads, check=check,
                              targets=[ss])


def check_abandons(r):
    # The check abandons a stream of its own, suspended (finalized later).
    extra = ss.stream(r)
    next(extra)
    r.extra = extra
    return sorted(r.got) == [0, 1]


def setup_abandons():
    r = ss.Resp()
    for tok in ss.stream(r):  # closed at once, in setup
        break
    ss.stream(r).__next__()  # dropped suspended: closed by refcount, in setup
    return r


_LEFT = []  # a stream each run leaves for the next one


def pull_and_drop_earlier(r):
    r.pull()
    if _LEFT:
        _LEFT.pop()  # an earlier run's suspended stream: closed here, in T0 of this run
    left = ss.stream(r)
    next(left)
    _LEFT.append(left)


SCENARIOS = {
    "threads leave the stream suspended": dict(
        threads=[lambda r: r.pull(), lambda r: r.pull()],
        check=lambda r: sorted(r.got) == [0, 1]),
    "the check leaves one suspended too": dict(
        threads=[lambda r: r.pull(), lambda r: r.pull()], check=check_abandons),
    "setup abandons streams": dict(
        threads=[lambda r: r.pull(), lambda r: r.pull()],
        check=lambda r: sorted(r.got) == [0, 1], setup=setup_abandons),
    "a thread closes an earlier run's stream": dict(
        threads=[pull_and_drop_earlier, lambda r: r.pull()],
        check=lambda r: sorted(r.got) == [0, 1]),
    "a stream closed within the run": dict(
        threads=[lambda r: r.got.append(r.first_of_fresh()), lambda r: r.pull()],
        check=lambda r: sorted(r.got) == [0, 0] and r.closed == 1),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_verify_passes(name):
    result = racecheck.verify(scenario(name, **SCENARIOS[name]), runs=300)
    assert not result.gaps


def test_bad_variant_still_caught():
    bad = scenario("two threads resume one stream", [lambda r: r.pull_racy(),
                                                     lambda r: r.pull_racy()],
                   check=lambda r: sorted(r.got) == [0, 1])
    failure = racecheck.expect_failure(bad)
    assert failure.kind == "exception"
    assert "generator already executing" in str(failure)


@pytest.mark.parametrize("name", ["a thread closes an earlier run's stream",
                                  "a stream closed within the run"])
def test_exhaustive_search_stays_deterministic(name):
    # Replayed prefixes reach the same states: an earlier run's stream,
    # finalized at a different moment in each run (or not at all in the
    # first), adds no switch points.
    result = racecheck.explore_exhaustive(scenario(name, **SCENARIOS[name]),
                                          preemption_bound=1)
    assert result.complete and not result.gaps
