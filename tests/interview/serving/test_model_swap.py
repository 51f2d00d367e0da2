"""Hot swap: a request must use one model version from start to finish."""

import racecheck

from snippets.interview.serving import model_swap as good
from snippets.interview.serving import model_swap_bad as bad


def tokenizer(tag):
    return lambda prompt: (tag, prompt)


def model(tag):
    return lambda tokens: (tag, tokens)


def consistent(result):
    """(version, (model_tag, (tokenizer_tag, prompt))) with one tag throughout."""
    version, (model_tag, (tokenizer_tag, _)) = result
    return version == model_tag == tokenizer_tag


def good_bundle(tag):
    return good.ModelBundle(tag, tokenizer(tag), model(tag))


def test_in_flight_request_keeps_its_snapshot_after_a_swap():
    handle = good.ModelHandle(good_bundle("v1"))
    snapshot = handle.current()
    old = handle.swap(good_bundle("v2"))
    assert old is snapshot and snapshot.version == "v1"
    assert good.handle_request(handle, "hi") == ("v2", ("v2", ("v2", "hi")))
    assert snapshot.model(snapshot.tokenizer("x")) == ("v1", ("v1", "x"))


def good_scenario():
    return racecheck.Scenario(
        name="hot swap: immutable bundle, one snapshot per request",
        setup=lambda: {"handle": good.ModelHandle(good_bundle("v1")), "out": [], "olds": []},
        threads=[
            lambda s: s["out"].append(good.handle_request(s["handle"], "a")),
            lambda s: s["out"].append(good.handle_request(s["handle"], "b")),
            lambda s: s["olds"].append(s["handle"].swap(good_bundle("v2")).version),
            lambda s: s["olds"].append(s["handle"].swap(good_bundle("v3")).version),
        ],
        # Each swap returns the bundle it replaced: v1 once, then the other
        # swap's bundle, which is not the one left in place.
        check=lambda s: all(consistent(r) for r in s["out"])
        and s["handle"].swaps == 2
        and s["handle"].current().version in ("v2", "v3")
        and sorted(s["olds"]) == sorted(["v1", ({"v2", "v3"} - {s["handle"].current().version}).pop()]),
        targets=[good],
    )


def bad_scenario():
    return racecheck.Scenario(
        name="hot swap (bad): tokenizer and model are separate fields",
        setup=lambda: {"handle": bad.ModelHandle("v1", tokenizer("v1"), model("v1")), "out": []},
        threads=[
            lambda s: s["out"].append(bad.handle_request(s["handle"], "a")),
            lambda s: s["handle"].swap("v2", tokenizer("v2"), model("v2")),
        ],
        check=lambda s: all(consistent(r) for r in s["out"]),
        targets=[bad],
    )


def test_snapshot_swap_never_mixes_versions():
    racecheck.verify(good_scenario())


def test_two_field_swap_mixes_versions():
    failure = racecheck.expect_failure(bad_scenario())
    assert failure.kind == "invariant"
