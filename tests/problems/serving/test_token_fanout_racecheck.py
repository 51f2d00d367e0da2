"""TokenFanout under racecheck: publish, close and unsubscribe interleaved."""

import racecheck

from snippets.problems.serving import token_fanout, token_fanout_bad
from snippets.problems.serving.token_fanout import SubscriberDropped
from tests.problems.serving.helpers import COUNTEREXAMPLES
from tests.support.counterexamples import check_published

TOKENS = ["Hel", "lo"]


def unsubscribe_mid_stream(policy):
    """Producer, a subscriber that leaves after one token, one that reads to
    the end; maxsize=1 so the producer really blocks (policy "block")."""
    def setup():
        f = token_fanout.TokenFanout(maxsize=1, policy=policy)
        return {"f": f, "leaver": f.subscribe(), "reader": f.subscribe(), "got": None, "error": None}

    def producer(s):
        for tok in TOKENS:
            s["f"].publish(tok)
        s["f"].close()

    def leaver(s):
        try:
            s["leaver"].get()
        except SubscriberDropped:
            pass
        s["leaver"].unsubscribe()

    def reader(s):
        got = []
        try:
            for tok in s["reader"]:
                got.append(tok)
        except SubscriberDropped as e:
            s["error"] = e
        s["got"] = got

    def check(s):
        if policy == "block":
            assert s["got"] == TOKENS and s["error"] is None, s
        else:  # a dropped reader sees a prefix of the stream, then the error
            assert s["got"] == TOKENS[: len(s["got"])]
            assert (s["error"] is None) == (s["got"] == TOKENS)
        return True

    return racecheck.Scenario(
        name=f"token_fanout ({policy}): unsubscribe while streaming",
        setup=setup,
        threads=[producer, leaver, reader],
        check=check,
        targets=[token_fanout],
    )


def test_block_policy_unsubscribe_while_streaming():
    racecheck.verify(unsubscribe_mid_stream("block"))


def test_drop_policy_unsubscribe_while_streaming():
    racecheck.verify(unsubscribe_mid_stream("drop"))


def bad_scenario(name, producer, leaver, expected):
    """Two subscribers of the known-bad fan-out; one leaves, one reads to the end."""
    def setup():
        f = token_fanout_bad.TokenFanout(maxsize=4)
        return {"f": f, "leaver": f.subscribe(), "reader": f.subscribe(), "got": None}

    def reader(s):
        s["got"] = list(s["f"].tokens(s["reader"]))

    return racecheck.Scenario(
        name=f"token_fanout_bad: {name}",
        setup=setup,
        threads=[producer, leaver, reader],
        check=lambda s: s["got"] == expected,
        targets=[token_fanout_bad],
    )


def test_bad_unlocked_list_loses_end_of_stream():
    scenario = bad_scenario(
        "unsubscribe while closing",
        producer=lambda s: s["f"].close(),
        leaver=lambda s: s["f"].unsubscribe(s["leaver"]),
        expected=[],
    )
    # The reader never gets the end marker and waits forever: no thread can run.
    assert racecheck.expect_failure(scenario, minimize=False).kind == "deadlock"
    check_published(scenario, COUNTEREXAMPLES / "token_fanout_bad.txt", kind="deadlock")


def test_bad_unlocked_list_loses_a_token():
    def producer(s):
        s["f"].publish("Hel")
        s["f"].close()

    def leaver(s):
        s["leaver"].get()
        s["f"].unsubscribe(s["leaver"])

    scenario = bad_scenario("unsubscribe while publishing", producer, leaver, expected=["Hel"])
    assert racecheck.expect_failure(scenario, minimize=False).kind in ("invariant", "deadlock")


def test_same_scenarios_on_real_threads():
    for policy in ("block", "drop"):
        racecheck.stress_scenario(unsubscribe_mid_stream(policy), rounds=50, timeout=5)
