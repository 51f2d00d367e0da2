"""A fast tokenizer shared by threads: the race found by racecheck, the fixes verified.

racecheck cannot switch threads inside Rust, but the race is in Python: a
switch between ``enable_truncation`` and ``encode_batch``. Each Rust call
runs as one step, as it does under the GIL for a caller of tokenizers
0.23.x (which locks the tokenizer per call); with 0.22.x the real race is
louder ("Already borrowed", bench/analysis_tokenizers_versions.py).
"""

from __future__ import annotations

import threading

import pytest
import racecheck

from tests.support.optional import pinned_version, require

tokenizers = require("tokenizers")

from snippets.analysis.real_stack import tokenizers_experiment as experiment  # noqa: E402
from snippets.analysis.real_stack import tokenizers_shared as good  # noqa: E402
from snippets.analysis.real_stack import tokenizers_shared_bad as bad  # noqa: E402
from tests.support.threads import run_threads  # noqa: E402

WORDS = 6
LENGTHS = (2, 3, 4)


def scenario(module, make, name):
    """Three requests with different max_length through one wrapper."""

    def setup():
        return {"tok": make(good.build_tokenizer()), "text": good.sample_text(WORDS), "out": {}}

    def request(max_length):
        return lambda s: s["out"].__setitem__(max_length, s["tok"].encode(s["text"], max_length))

    return racecheck.Scenario(
        name=name,
        setup=setup,
        threads=[request(m) for m in LENGTHS],
        check=lambda s: {m: len(ids) for m, ids in s["out"].items()} == {m: m for m in LENGTHS},
        targets=[module],
    )


def test_the_tokenizer_encodes_and_truncates_as_the_page_says():
    tok = good.build_tokenizer()
    text = good.sample_text(5)
    assert tok.encode(text).tokens == ["w0", "w1", "w2", "w3", "w4"]
    tok.enable_truncation(max_length=3)
    assert tok.encode_batch([text])[0].ids == [1, 2, 3]
    assert good.sample_text(70).split()[64] == "w0"  # the text cycles over the vocabulary


def test_shared_mutable_settings_lose_a_request_s_max_length():
    failure = racecheck.expect_failure(
        scenario(bad, bad.SharedMutableTokenizer, "tokenizer (bad): set truncation, then encode")
    )
    assert failure.kind == "invariant"


@pytest.mark.parametrize(
    "make", [good.PerCallTruncation, good.PerThreadTokenizer, good.LockedTokenizer],
    ids=lambda make: make.__name__,
)
def test_each_fix_keeps_every_request_s_max_length(make):
    racecheck.verify(scenario(good, make, f"tokenizer: {make.__name__}"))


def test_per_call_truncation_never_mutates_the_shared_tokenizer():
    tok = good.build_tokenizer()
    tok.enable_truncation(max_length=1)
    wrapper = good.PerCallTruncation(tok)
    assert tok.truncation is None  # configured once, at construction
    assert wrapper.encode(good.sample_text(5), 2) == [1, 2]
    assert tok.truncation is None


def test_per_thread_copies_are_private_to_each_thread():
    wrapper = good.PerThreadTokenizer(good.build_tokenizer())
    seen = run_threads(*[lambda: wrapper._mine() for _ in range(3)])
    assert len({id(t) for t in seen}) == 3
    assert wrapper._mine() is wrapper._mine()


def test_the_experiment_with_real_threads_smoke():
    """Small sizes: every fix is exact with real threads; the bad pattern's calls all count."""
    for name, make in experiment.PATTERNS.items():
        tally = experiment.run(make, threads=4, calls=20, words=40)
        assert tally.calls == 80, name
        assert tally.correct + tally.wrong_length + sum(tally.errors.values()) == 80, name
        if "(bad)" not in name:
            assert (tally.correct, tally.wrong_length, dict(tally.errors)) == (80, 0, {}), name


def test_the_pinned_release_is_the_one_installed():
    assert tokenizers.__version__ == pinned_version("tokenizers")


class _Exact:
    """A stand-in wrapper (no tokenizer call): every call returns ``max_length`` ids."""

    def __init__(self, tokenizer):
        pass

    def encode(self, text, max_length):
        return list(range(max_length))


class _Failing(_Exact):
    def encode(self, text, max_length):
        raise ValueError("no ids today")


@pytest.mark.parametrize("make", [_Exact, _Failing], ids=["correct calls", "failing calls"])
def test_the_experiment_s_tally_counts_every_call_of_concurrent_workers(make):
    """The tally itself is shared by the experiment's threads: no count may be lost."""
    threads, calls = 2, 2
    expected = experiment.Tally(calls=threads * calls)
    if make is _Exact:
        expected.correct = threads * calls
    else:
        expected.errors[next(iter(experiment.run(make, threads=1, calls=1, words=8).errors))] = threads * calls
    racecheck.verify(
        racecheck.Scenario(
            name=f"tokenizers experiment: two workers tally {make.__name__[1:].lower()} calls",
            setup=dict,
            threads=[lambda s: s.__setitem__("tally", experiment.run(make, threads=threads, calls=calls, words=8))],
            check=lambda s: s["tally"] == expected,
            targets=[experiment],
            timeouts="lazy",  # the join deadline is a safety net, not part of what is checked
        )
    )
