"""Every shape of target code gets switch points, on every Python version.

Target code is decided by where the code was defined (tests/racecheck/shapes.py),
not by how a thread reached it: through a decorator with or without
functools.wraps, a closure, a lambda, a nested function, a generator, a
comprehension, functools.partial, a property, __call__, a class or static
method, a non-target helper, or C (map). Each shape is a lost update, so it is
caught only if the harness can switch threads inside it; tools/test-versions.sh
runs this file on 3.12 and 3.13 too (3.11 traces with sys.settrace, 3.12+ with
sys.monitoring).
"""

import sys
import threading

import pytest

import racecheck
from tests.racecheck import shapes, shapes_helper


def service():
    return shapes.Service(shapes.Box())


def service_class():
    # A fresh subclass per run, so the class attribute starts at 0 every time.
    return type("FreshService", (shapes.Service,), {"total": 0})


def box_of(s):
    return s.box.n if isinstance(s, shapes.Service) else s.n


# name -> (setup, thread body, value after two bodies)
SHAPES = {
    "decorator without wraps (non-target module)": (service, lambda s: s.decorated_nowraps()),
    "decorator without wraps (target module)": (service, lambda s: s.decorated_local()),
    "decorator with functools.wraps": (service, lambda s: s.decorated_wraps()),
    "property": (service, lambda s: s.next_id),
    "__call__": (service, lambda s: s()),
    "staticmethod": (shapes.Box, lambda b: shapes.Service.bump(b)),
    "classmethod": (service_class, lambda cls: cls.register()),
    "closure": (lambda: shapes.make_closure(shapes.Box()), lambda f: f()),
    "nested function": (shapes.Box, shapes.nested),
    "lambda": (shapes.Box, shapes.bump_lambda),
    "generator": (shapes.Box, lambda b: next(shapes.counting(b))),
    "comprehension": (shapes.Box, shapes.comprehension),
    "functools.partial": (shapes.Box, shapes.bump_partial),
    "through a non-target helper": (service, lambda s: shapes_helper.call(s.decorated_local)),
    "called from C (map)": (shapes.Box, lambda b: list(map(shapes.Service.bump, [b]))),
    "comprehension in a non-target helper": (
        shapes.Box, lambda b: shapes_helper.call_each([shapes.Service.bump], b)),
}


def value(state):
    if isinstance(state, type):
        return state.total
    if callable(state) and not isinstance(state, shapes.Service):  # the closure
        return state.__closure__[0].cell_contents.n
    return box_of(state)


def scenario(name, targets):
    setup, body = SHAPES[name]
    return racecheck.Scenario(
        name=f"shape: {name}", setup=setup, threads=[body, body],
        check=lambda s: value(s) == 2, targets=targets)


@pytest.mark.parametrize("name", SHAPES)
def test_shape_gets_switch_points(name):
    failure = racecheck.expect_failure(scenario(name, [shapes]), kind="invariant")
    assert failure.kind == "invariant"


@pytest.mark.parametrize("name", SHAPES)
def test_exhaustive_search_never_passes_an_unswitched_shape(name):
    with pytest.raises(racecheck.ScheduleFailure):
        racecheck.explore_exhaustive(scenario(name, [shapes]), preemption_bound=1)


CLASS_SHAPES = ["decorator without wraps (non-target module)",
                "decorator without wraps (target module)", "decorator with functools.wraps",
                "property", "__call__", "staticmethod", "classmethod",
                "through a non-target helper", "called from C (map)"]


@pytest.mark.parametrize("name", CLASS_SHAPES)
def test_class_target_covers_the_code_defined_in_the_class(name):
    failure = racecheck.expect_failure(scenario(name, [shapes.Service]), kind="invariant")
    assert failure.kind == "invariant"


def test_function_target_covers_what_it_wraps_and_nests():
    racecheck.expect_failure(scenario("closure", [shapes.make_closure]), kind="invariant")
    racecheck.expect_failure(scenario("nested function", [shapes.nested]), kind="invariant")
    racecheck.expect_failure(
        scenario("decorator without wraps (non-target module)",
                 [shapes.Service.decorated_nowraps]), kind="invariant")


def test_code_outside_the_targets_gets_no_switch_points():
    # The same lost update with only the helper module as target passes: the
    # targets decide, so a correct scenario is not slowed by unrelated code.
    result = racecheck.explore_exhaustive(scenario("staticmethod", [shapes_helper]))
    assert result.complete and not result.gaps


@pytest.mark.skipif(
    sys.version_info < (3, 12),
    reason="Python 3.11 cannot see a thread already running when the run starts: sys.settrace "
           "and sys.setprofile reach only the calling thread, threading.settrace only threads "
           "started later, and setprofile_all_threads / sys.monitoring are 3.12+ "
           "(documented in docs/verification/harness.md)")
def test_target_code_in_an_uncontrolled_thread_makes_the_search_incomplete():
    # A real thread, started before the run and outside the scheduler, keeps
    # running target code during the run: those steps have no switch points.
    stop = threading.Event()
    box = shapes.Box()

    def background():
        while not stop.wait(0.0002):  # real waits: leaves the GIL to the run
            shapes.Service.bump(box)

    t = threading.Thread(target=background, daemon=True)
    t.start()
    try:
        def body(b):  # each thread on its own box: correct on its own
            mine = shapes.Box()
            for _ in range(10):
                shapes.Service.bump(mine)

        sc = racecheck.Scenario(name="uncontrolled thread", setup=shapes.Box,
                                threads=[body, body], targets=[shapes])
        with pytest.warns(racecheck.RacecheckWarning, match="uncontrolled thread.*not complete"):
            result = racecheck.explore_exhaustive(sc, preemption_bound=1)
    finally:
        stop.set()
        t.join()
    assert not result.complete
    assert any("a thread the scheduler does not control" in g for g in result.gaps)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12+ switches via sys.monitoring")
def test_a_scenario_that_replaces_the_tracer_makes_the_search_incomplete():
    def body(b):
        sys.settrace(None)  # from here on, no switch points on 3.11
        shapes.Service.bump(b)

    sc = racecheck.Scenario(name="replaces the tracer", setup=shapes.Box,
                            threads=[body, body], targets=[shapes])
    with pytest.warns(racecheck.RacecheckWarning, match="replaced the harness's trace function"):
        result = racecheck.explore_exhaustive(sc)
    assert not result.complete and result.gaps
