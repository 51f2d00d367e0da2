"""LLM-serving shapes that a harness must see into, each with a known-bad variant.

Each bad variant is caught by the default strategy at the default budget, and
each correct one verifies, on 3.11, 3.12 and 3.13 alike.
"""

import sys

import pytest

import racecheck
from tests.racecheck import llm_serving as llm


def meter(cls):
    return racecheck.Scenario(
        name=f"{cls.__name__}: two request threads record tokens",
        setup=cls, threads=[lambda m: m.record(3), lambda m: m.record(5)],
        check=lambda m: m.tokens == 8, targets=[llm])


def tokenizer(cls):
    def use(m):
        m.tokenizer  # noqa: B018  (first use loads it)

    return racecheck.Scenario(
        name=f"{cls.__name__}: two requests use the lazy tokenizer",
        setup=cls, threads=[use, use], check=lambda m: m.loads == 1, targets=[llm])


def stream(cls):
    def consume(s):
        while s.pull() is not None:
            pass

    return racecheck.Scenario(
        name=f"{cls.__name__}: two consumers drain one token stream",
        setup=lambda: cls(3), threads=[consume, consume],
        check=lambda s: sorted(s.seen) == ["tok0", "tok1", "tok2"], targets=[llm])


def deadline(cls):
    def caller(r):
        r.got = r.result(timeout=2.0)

    return racecheck.Scenario(
        name=f"{cls.__name__}: a 2 s deadline races the worker",
        setup=cls, threads=[caller, lambda r: r.complete("answer")],
        check=lambda r: (r.got is None) == (r.state == "timed_out")
        and r.got in (None, "answer"),
        targets=[llm])


CASES = [(meter, llm.TokenMeter, llm.TokenMeterBad, "invariant"),
         (stream, llm.Stream, llm.StreamBad, "exception"),
         (deadline, llm.Request, llm.RequestBad, "invariant")]


@pytest.mark.parametrize("make,good,bad,kind", CASES, ids=lambda v: getattr(v, "__name__", v))
def test_bad_variant_is_caught_and_fix_verifies(make, good, bad, kind):
    racecheck.verify(make(good))
    failure = racecheck.expect_failure(make(bad), kind=kind)
    assert failure.kind == kind


def test_cached_property_tokenizer():
    racecheck.verify(tokenizer(llm.Model))
    if sys.version_info >= (3, 12):
        # 3.12 removed cached_property's lock: two requests load it twice.
        racecheck.expect_failure(tokenizer(llm.ModelBad), kind="invariant")
    else:
        # 3.11's cached_property serializes the first use with its own RLock.
        racecheck.verify(tokenizer(llm.ModelBad))


def test_shared_generator_reports_generator_already_executing():
    failure = racecheck.expect_failure(stream(llm.StreamBad), kind="exception")
    assert "generator already executing" in str(failure)


def test_timeout_vs_completion_needs_explored_timeouts():
    # Found by default; with timeouts="lazy" (a timeout fires only when no
    # thread can run) the worker always completes first and the bug hides.
    racecheck.expect_failure(deadline(llm.RequestBad), kind="invariant")
    lazy = deadline(llm.RequestBad)
    lazy.timeouts = "lazy"
    racecheck.verify(lazy)
